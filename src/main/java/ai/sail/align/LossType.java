package ai.sail.align;

import ai.sail.config.Choice;

/**
 * The preference loss applied to the margin {@code h} (the difference of the policy's and the
 * reference's log-ratios between chosen and rejected). With {@code z = beta * h}:
 */
public enum LossType implements Choice {
    /** DPO, Rafailov et al. 2023, eq. 7: {@code -log sigmoid(z)}; with label smoothing eps the
     * conservative cDPO form {@code -(1-eps) log sigmoid(z) - eps log sigmoid(-z)}. */
    SIGMOID,
    /** IPO, Azar et al. 2023, eq. 17: {@code (h - 1/(2 beta))^2}, with {@code h} built from
     * per-token average log-probabilities (as TRL since its IPO fix and the SAIL authors'
     * {@code average_log_prob} do), so long responses do not dominate the squared margin. */
    IPO,
    /** SLiC-style hinge, Zhao et al. 2023: {@code max(0, 1 - z)}. */
    HINGE,
    /** Robust DPO, Chowdhury et al. 2024, eq. 9: unbiased under label-flip rate eps:
     * {@code ((1-eps)(-log sigmoid(z)) + eps log sigmoid(-z)) / (1 - 2 eps)}. */
    ROBUST;

    /** Whether the log-ratios in {@code h} are per-token averages rather than sums. */
    public boolean averagesLogProbs() {
        return this == IPO;
    }
}
