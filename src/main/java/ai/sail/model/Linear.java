package ai.sail.model;

import ai.djl.ndarray.NDArray;

/**
 * One projection of the decoder, {@code y = x W^T + b}: every matrix the decoder multiplies by
 * (q/k/v, attention output, MLP, output head) goes through {@link #apply}.
 *
 * <p>This is the seam for adapters: {@link LoraLinear} keeps this weight frozen, holds trainable
 * {@code A [r, in]} and {@code B [rows, r]} per adapted segment of the output rows and a scaling
 * tensor, and overrides {@link #apply}; the decoder does not change.
 *
 * <p>A frozen weight may be held 16-bit ({@link FrozenStorage}); it is widened to float32 for the
 * product and the wide copy released at once, so inference holds one wide matrix at a time.
 */
public class Linear {
    private final NDArray weight; // [out, in]
    private final NDArray bias; // [out], or null
    private final FrozenStorage storage; // widens a narrow weight; null when the weight is float32

    /** @param bias {@code [out]}, or null for a projection without one */
    public Linear(NDArray weight, NDArray bias) {
        this(weight, bias, null);
    }

    /** @param storage how {@code weight} is held when it is narrow; null for a float32 weight */
    Linear(NDArray weight, NDArray bias, FrozenStorage storage) {
        this.weight = weight;
        this.bias = bias;
        this.storage = storage != null && FrozenStorage.isNarrow(weight) ? storage : null;
    }

    /** The same projection, for a subclass that adds to it. */
    protected Linear(Linear base) {
        this(base.weight, base.bias, base.storage);
    }

    /** {@code [out, in]} as held: float32, or 16-bit when frozen narrow (see {@link FrozenStorage}). */
    public NDArray weight() {
        return weight;
    }

    /** {@code [out]}, or null when the projection has none. */
    public NDArray bias() {
        return bias;
    }

    /** Rows {@code ids} of the weight, {@code [.., in]} in float32 (only those rows are widened when it is held narrow). */
    public NDArray rows(NDArray ids) {
        if (storage == null) {
            return ids.getNDArrayInternal().embedding(ids, weight, ai.djl.ndarray.types.SparseFormat.DENSE).head();
        }
        return storage.gatherRows(weight, ids);
    }

    /** {@code [.., in]} to {@code [.., out]}. */
    public NDArray apply(NDArray x) {
        if (storage == null) {
            return ai.djl.nn.core.Linear.linear(x, weight, bias).head();
        }
        try (NDArray wide = storage.widen(weight)) {
            return ai.djl.nn.core.Linear.linear(x, wide, bias).head();
        }
    }
}
