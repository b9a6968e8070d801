package ai.sail.model;

import ai.djl.ndarray.NDArray;

/**
 * One projection of the decoder, {@code y = x W^T + b}: every matrix the decoder multiplies by
 * (q/k/v, attention output, MLP, output head) goes through {@link #apply}.
 *
 * <p>This is the seam for adapters. A LoRA projection is a subclass that keeps this weight frozen,
 * holds its own trainable {@code A [r, in]} and {@code B [out, r]} and a scaling {@code alpha / r}
 * (a tensor from {@link ai.sail.tensor.Constants}, never a Java number), and overrides {@link #apply}
 * to return {@code super.apply(x) + scaling * (x A^T) B^T}; the decoder does not change.
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
