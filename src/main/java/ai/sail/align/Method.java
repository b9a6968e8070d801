package ai.sail.align;

import ai.sail.config.Choice;

/**
 * The training methods. Each is a preset of the one SAIL mechanism and carries its traits: whether it
 * needs preference pairs, whether it samples from the policy, its default loss, its routing preset
 * (r for SAIL-DP, p for SAIL-PP, g for SAIL-PR and their coefficients; the rest of every batch is
 * offline DPO) and whether that routing may be changed. Iterative DPO differs in how its pairs are
 * made (rounds, see {@link IterativeRounds}), not in its loss.
 */
public enum Method implements Choice {
    DPO(LossType.SIGMOID, true, false, Routing.OFFLINE, Routing.OFFLINE, false),
    IPO(LossType.IPO, true, false, Routing.OFFLINE, Routing.OFFLINE, false),
    HINGE(LossType.HINGE, true, false, Routing.OFFLINE, Routing.OFFLINE, false),
    ROBUST(LossType.ROBUST, true, false, Routing.OFFLINE, Routing.OFFLINE, false),
    /** Every example online: two policy samples labelled by the reward source (PR route, gamma 0). */
    ONLINE_DPO(LossType.SIGMOID, false, true, Routing.pr(1, 0), Routing.pr(1, 0), true),
    /** Rounds of sample, score, pair best with worst, train DPO on the round's pairs. */
    ITERATIVE_DPO(LossType.SIGMOID, false, true, Routing.OFFLINE, Routing.OFFLINE, false),
    SAIL_PR(LossType.SIGMOID, false, true, Routing.pr(0.3, 0.3), Routing.pr(1, 0.3), true),
    SAIL_PP(LossType.SIGMOID, false, true, Routing.pp(0.3, 0.2), Routing.pp(1, 0.2), true),
    SAIL_DP(LossType.SIGMOID, true, false, Routing.dp(0.4, 0.2), Routing.dp(0.4, 0.2), true),
    /** r, p, g from options; the coefficients default to the authors' values. */
    SAIL(LossType.SIGMOID, false, true, Routing.coefficients(0.2, 0.2, 0.3), Routing.coefficients(0.2, 0.2, 0.3), true);

    private final LossType defaultLoss;
    private final boolean needsPairs;
    private final boolean samplesOnline;
    private final Routing presetWithPairs;
    private final Routing presetPromptsOnly;
    private final boolean routingAdjustable;

    Method(LossType defaultLoss, boolean needsPairs, boolean samplesOnline, Routing presetWithPairs,
            Routing presetPromptsOnly, boolean routingAdjustable) {
        this.defaultLoss = defaultLoss;
        this.needsPairs = needsPairs;
        this.samplesOnline = samplesOnline;
        this.presetWithPairs = presetWithPairs;
        this.presetPromptsOnly = presetPromptsOnly;
        this.routingAdjustable = routingAdjustable;
    }

    /** The method a user named (for options that list methods, such as the demo's). */
    public static Method parse(String text) {
        return Choice.parse(Method.class, text, "method");
    }

    public LossType defaultLoss() {
        return defaultLoss;
    }

    /** Whether the method trains on preference pairs only ({@code --data} required). */
    public boolean needsPairs() {
        return needsPairs;
    }

    /** Whether the method may sample responses from the policy (and so can use {@code --prompts}). */
    public boolean samplesOnline() {
        return samplesOnline;
    }

    /** Whether the pairs come in rounds sampled up front (iterative DPO) rather than example by example. */
    public boolean trainsInRounds() {
        return this == ITERATIVE_DPO;
    }

    /** The authors' preset, with pairs or with prompts only (then PP and PR take every example). */
    public Routing presetRouting(boolean hasPairs) {
        return hasPairs ? presetWithPairs : presetPromptsOnly;
    }

    /** Whether r, p and g may be set for this method. */
    public boolean routingAdjustable() {
        return routingAdjustable;
    }
}
