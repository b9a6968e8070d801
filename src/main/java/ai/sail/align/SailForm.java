package ai.sail.align;

import ai.sail.config.Choice;

/** How SAIL's sampling term is computed (see the algorithm note). */
public enum SailForm implements Choice {
    /** The derivation: {@code -c * sg(l) * (logp(y1) + logp(y2))}, averaged over the batch. */
    EXACT,
    /**
     * The authors' implementation: a gradient hook adding {@code -c * sg(l) / sg(logp(y))} to
     * dL/dlogp of each sampled response, not divided by the batch size; as a surrogate,
     * {@code -c * sg(l / logp(y)) * logp(y)} summed over the batch.
     */
    REFERENCE_CODE;
}
