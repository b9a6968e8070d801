package ai.sail.align;

import ai.sail.config.Choice;

/** How SAIL's sampling term is computed (see the algorithm note). */
public enum SailForm implements Choice {
    /**
     * The derivation: {@code -c * sg(l) * (logp(y1) + logp(y2))}, averaged over the batch; optionally
     * with a {@link SailBaseline} and per-token scores ({@link LossSettings#sailLengthNorm}).
     */
    EXACT,
    /**
     * The authors' implementation: a gradient hook adding {@code -c * sg(l) / sg(logp(y))} to
     * dL/dlogp of each sampled response, not divided by the batch size; as a surrogate,
     * {@code -c * sg(l / logp(y)) * logp(y)} summed over the batch. Kept as they wrote it: no baseline,
     * no length normalisation.
     *
     * <p>Its expected gradient, for B sampled pairs per micro-batch (the hook is summed, and added again
     * in each of the {@code --grad-accum} micro-batches), is
     * <pre>
     *   DPO part - c * B * E[ l * (grad logp(y1) / logp(y1) + grad logp(y2) / logp(y2)) ]
     * </pre>
     * instead of the exact form's {@code DPO part - c * E[ l * (grad logp(y1) + grad logp(y2)) ]}.
     * {@code grad logp / logp} is {@code grad log|logp|}, not the score function, and its weight
     * {@code l / logp} is positive: the hook raises the likelihood of every sample, most for short,
     * likely ones, whatever their reward. Enumerated on {@code SailEstimatorTest}'s 9-response tabular
     * policy (c = 1, 8 pairs per micro-batch), the expected gradient is 1.55 times the exact gradient's
     * norm away from it and points against it (cosine -0.83); the hook's part alone has cosine -0.86
     * with the exact sampling part.
     */
    REFERENCE_CODE;
}
