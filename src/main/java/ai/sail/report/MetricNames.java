package ai.sail.report;

import java.util.List;
import java.util.Map;

/**
 * Metric names, spelled as the Python DPO trainer spells them, then SAIL's own. One place, so a
 * plot, a test and the log never disagree on a name.
 */
public final class MetricNames {
    private MetricNames() {}

    public static final String STEP = "step";
    public static final String EPOCH = "epoch";
    public static final String LOSS = "loss";
    public static final String REWARDS_CHOSEN = "rewards/chosen";
    public static final String REWARDS_REJECTED = "rewards/rejected";
    public static final String REWARDS_MARGINS = "rewards/margins";
    public static final String REWARDS_ACCURACIES = "rewards/accuracies";
    public static final String LOGPS_CHOSEN = "logps/chosen";
    public static final String LOGPS_REJECTED = "logps/rejected";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String GRAD_NORM = "grad_norm";

    /** The whole surrogate the update minimised (preference loss + SAIL terms + NLL); {@code loss} is the preference loss alone. */
    public static final String LOSS_TOTAL = "loss/total";
    public static final String LOSS_LABEL = "loss/sail_label";
    public static final String LOSS_SAMPLE = "loss/sail_sample";
    public static final String LOSS_NLL = "loss/nll";
    public static final String ROUTE_OFFLINE = "routes/offline";
    public static final String ROUTE_DP = "routes/dp";
    public static final String ROUTE_PP = "routes/pp";
    public static final String ROUTE_PR = "routes/pr";
    public static final String LABEL_SWAPS = "labels/swap_share";
    /** Self-labelled pairs (SAIL-DP, SAIL-PP) whose margin agrees with the label the policy drew. */
    public static final String LABEL_AGREEMENT = "labels/agreement";
    public static final String TIES_DROPPED = "labels/ties_dropped";
    public static final String REWARD_MARGIN = "reward_source/margin";
    public static final String REWARD_MEAN = "reward_source/mean";
    public static final String RESPONSE_LENGTH = "samples/mean_length";
    public static final String EOS_SHARE = "samples/eos_share";
    public static final String TIME_GENERATION = "time/generation_s";
    public static final String TIME_UPDATE = "time/update_s";
    public static final String TOKENS = "num_tokens";
    /** Mean absolute per-token difference between a rollout engine's log-probabilities of its samples and Sail's. */
    public static final String ROLLOUT_LOGPROB_DRIFT = "rollout/logprob_drift";
    /** Policy updates between the weights a rollout engine served and the current policy. */
    public static final String ROLLOUT_POLICY_LAG = "rollout/policy_lag";
    /** Seconds spent waiting for rollout engines (requests out to answers in). */
    public static final String ROLLOUT_SECONDS = "rollout/seconds";

    // Final evaluation of a method in the comparison report of `sail demo`, and their table headings.
    public static final String EVAL_GOLD_REWARD = "gold_reward";
    public static final String EVAL_WIN_RATE = "win_rate";
    public static final String EVAL_SOFT_WIN_RATE = "soft_win_rate";
    public static final String EVAL_KL = "kl";
    public static final String EVAL_MEAN_LENGTH = "mean_length";
    public static final String EVAL_EOS_SHARE = "eos_share";
    public static final String EVAL_GENERATION_S = "generation_s";
    public static final String EVAL_UPDATE_S = "update_s";

    /** The comparison table's columns, in the order the demo shows them. */
    public static final List<String> EVAL_ORDER = List.of(EVAL_GOLD_REWARD, EVAL_WIN_RATE, EVAL_SOFT_WIN_RATE,
            EVAL_KL, EVAL_MEAN_LENGTH, EVAL_EOS_SHARE, EVAL_GENERATION_S, EVAL_UPDATE_S);

    public static final Map<String, String> EVAL_LABELS = Map.of(
            EVAL_GOLD_REWARD, "Gold reward",
            EVAL_WIN_RATE, "Win rate vs base",
            EVAL_SOFT_WIN_RATE, "Soft win rate",
            EVAL_KL, "KL to base",
            EVAL_MEAN_LENGTH, "Mean length",
            EVAL_EOS_SHARE, "EOS share",
            EVAL_GENERATION_S, "Generation (s)",
            EVAL_UPDATE_S, "Update (s)");
}
