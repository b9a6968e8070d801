package ai.sail.eval;

import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.Generation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluation as a user reads it: every field as JSON (for scripts and plots, with NaN written as
 * null since JSON has no NaN) and a short aligned table (for the console). Metrics a run could not
 * measure, win rates without a baseline and KL without a reference, show as null and n/a.
 *
 * @param model the policy as the user named it
 * @param reference the reference as named, or null when there was none
 * @param reward the reward source's description
 * @param prompts the evaluation prompts, in sampling order
 */
public record EvalReport(String model, String reference, String reward, List<TokenizedPrompt> prompts,
        EvalSettings settings, EvalResult result) {

    public EvalReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reward, "reward");
        prompts = List.copyOf(prompts);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(result, "result");
    }

    /** All fields, snake_case keys, ready for a JSON writer. */
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model);
        out.put("reference", reference);
        out.put("reward", reward);
        out.put("prompts", prompts.size());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("samples_per_prompt", settings.samplesPerPrompt());
        s.put("max_new_tokens", settings.maxNewTokens());
        s.put("temperature", settings.temperature());
        s.put("top_p", settings.topP());
        s.put("seed", settings.seed());
        s.put("batch_size", settings.batchSize());
        out.put("settings", s);
        out.put("samples", result.samples());
        out.put("mean_reward", number(result.meanReward()));
        out.put("reward_sd", number(result.rewardSd()));
        out.put("win_rate", number(result.winRate()));
        out.put("soft_win_rate", number(result.softWinRate()));
        out.put("kl", number(result.kl()));
        out.put("kl_per_token", number(result.klPerToken()));
        out.put("mean_length", number(result.meanLength()));
        out.put("eos_share", number(result.eosShare()));
        out.put("distinct_1", number(result.distinct1()));
        out.put("distinct_2", number(result.distinct2()));
        out.put("generation_seconds", result.generationSeconds());
        out.put("scoring_seconds", result.scoringSeconds());
        out.put("per_sample", perSample());
        return out;
    }

    /** A few aligned lines: what was evaluated and each metric. */
    public String table() {
        EvalResult r = result;
        StringBuilder out = new StringBuilder();
        row(out, "model", model);
        row(out, "reference", reference == null ? "none (win rate and KL need --reference)" : reference);
        row(out, "reward", reward);
        row(out, "samples", String.format(Locale.ROOT, "%d (%d prompts x %d)", r.samples(), prompts.size(),
                settings.samplesPerPrompt()));
        row(out, "mean reward", fixed(r.meanReward()) + "  (sd " + fixed(r.rewardSd()) + ")");
        row(out, "win rate", Double.isNaN(r.winRate()) ? "n/a"
                : fixed(r.winRate()) + "  (soft " + fixed(r.softWinRate()) + ")");
        row(out, "KL", Double.isNaN(r.kl()) ? "n/a"
                : fixed(r.kl()) + " nats/response  (" + fixed(r.klPerToken()) + " per token)");
        row(out, "length", String.format(Locale.ROOT, "%.1f tokens, EOS %.1f%%", r.meanLength(), 100 * r.eosShare()));
        row(out, "distinct-1/2", fixed(r.distinct1()) + " / " + fixed(r.distinct2()));
        row(out, "time", String.format(Locale.ROOT, "generation %.1f s, scoring %.1f s", r.generationSeconds(),
                r.scoringSeconds()));
        return out.toString();
    }

    private List<Map<String, Object>> perSample() {
        EvalSamples s = result.perSample();
        double[] ratios = s.logRatios();
        List<Map<String, Object>> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            Generation g = s.responses().get(i);
            int promptIndex = i / settings.samplesPerPrompt();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("prompt_index", promptIndex);
            row.put("origin", prompts.get(promptIndex).origin());
            row.put("response", g.text());
            row.put("reward", s.rewards()[i]);
            row.put("baseline_reward", s.hasBaseline() ? s.baselineRewards()[i] : null);
            row.put("log_ratio", ratios == null ? null : ratios[i]);
            row.put("tokens", g.tokens().length);
            row.put("ended_with_eos", g.endedWithEos());
            out.add(row);
        }
        return out;
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-14s%s%n", name, value));
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
