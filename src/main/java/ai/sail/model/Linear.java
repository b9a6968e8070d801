package ai.sail.model;

import ai.djl.ndarray.NDArray;

/**
 * One projection of the decoder, {@code y = x W^T + b}: every matrix the decoder multiplies by
 * (q/k/v, attention output, MLP, output head) goes through {@link #apply}.
 *
 * <p>This is the seam for adapters: {@link LoraLinear} keeps this weight frozen, holds trainable
 * {@code A [r, in]} and {@code B [rows, r]} per adapted segment of the output rows and a scaling
 * tensor, and overrides {@link #apply}; the decoder does not change.
 */
public class Linear {
    private final NDArray weight; // [out, in]
    private final NDArray bias; // [out], or null

    /** @param bias {@code [out]}, or null for a projection without one */
    public Linear(NDArray weight, NDArray bias) {
        this.weight = weight;
        this.bias = bias;
    }

    /** {@code [out, in]}. */
    public NDArray weight() {
        return weight;
    }

    /** {@code [out]}, or null when the projection has none. */
    public NDArray bias() {
        return bias;
    }

    /** {@code [.., in]} to {@code [.., out]}. */
    public NDArray apply(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).head();
    }
}
