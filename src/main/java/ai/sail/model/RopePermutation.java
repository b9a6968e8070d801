package ai.sail.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites the q and k rows of a model whose rotary embeddings pair adjacent coordinates
 * ({@link RopeStyle#ADJACENT}, as GGUF stores Llama models) so that the same model runs with the
 * Hugging Face pairing ({@link RopeStyle#HALF_SPLIT}), the only one a Hugging Face checkpoint can
 * express.
 *
 * <p>llama.cpp's converter turns a Hugging Face q/k projection into GGUF order by viewing each head's
 * {@code d} rows as {@code [2, d/2]} and transposing that to {@code [d/2, 2]}: Hugging Face row
 * {@code s * d/2 + i} ({@code s} = 0 or 1) becomes GGUF row {@code 2i + s}. The inverse, applied
 * here within every head, takes Hugging Face row {@code r} from GGUF row {@code 2r} for
 * {@code r < d/2} and from GGUF row {@code 2(r - d/2) + 1} otherwise: GGUF rows
 * {@code 0, 2, 4, ..., 1, 3, 5, ...}. A rotary pair (2i, 2i+1) with frequency i thereby becomes the
 * pair (i, i + d/2) with the same frequency, so every rotated q and k come out permuted the same way
 * within each head, and their dot products, hence attention, are unchanged. v, the output
 * projection and everything else stay as they are.
 */
public final class RopePermutation {
    private RopePermutation() {}

    /**
     * For each Hugging Face row of one head of width {@code headDim}, the ADJACENT row it comes from.
     */
    static int[] halfSplitSourceRows(int headDim) {
        int half = headDim / 2;
        int[] source = new int[headDim];
        for (int r = 0; r < headDim; r++) {
            source[r] = r < half ? 2 * r : 2 * (r - half) + 1;
        }
        return source;
    }

    /**
     * The weights of ADJACENT model {@code config} with q and k rows (and biases) reordered for
     * HALF_SPLIT. The input map and its arrays are left untouched; tensors other than {@code qkv} are
     * shared with it, not copied.
     */
    static Map<String, float[]> adjacentToHalfSplit(ModelConfig config, Map<String, float[]> weights) {
        return reorder(config, weights, false);
    }

    /**
     * The exact inverse of {@link #adjacentToHalfSplit}: weights saved in Hugging Face order, put back
     * in the order of the ADJACENT model {@code config} they came from (a resumed run continues bit
     * for bit).
     */
    public static Map<String, float[]> halfSplitToAdjacent(ModelConfig config, Map<String, float[]> weights) {
        return reorder(config, weights, true);
    }

    private static Map<String, float[]> reorder(ModelConfig config, Map<String, float[]> weights, boolean inverse) {
        if (config.ropeStyle() != RopeStyle.ADJACENT) {
            throw new IllegalArgumentException("expected an ADJACENT model, got " + config.ropeStyle());
        }
        Map<String, float[]> out = new LinkedHashMap<>(weights);
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            if (spec.slot() != WeightSpec.Slot.QKV && spec.slot() != WeightSpec.Slot.QKV_BIAS) {
                continue;
            }
            float[] values = weights.get(spec.name());
            if (values != null) {
                int cols = spec.slot() == WeightSpec.Slot.QKV ? config.hiddenSize() : 1;
                out.put(spec.name(), permuteQk(config, values, cols, inverse));
            }
        }
        return out;
    }

    /** Reorders the q heads and the k heads of a fused qkv tensor with {@code cols} columns; v stays. */
    private static float[] permuteQk(ModelConfig c, float[] qkv, int cols, boolean inverse) {
        // q heads, then k heads, are stored one after another at the top of qkv
        return permuteHeads(qkv, c.heads() + c.kvHeads(), c.headDim(), cols, inverse);
    }

    /**
     * The first {@code heads * headDim} rows of a row-major matrix with {@code cols} columns, reordered
     * within every head from ADJACENT to HALF_SPLIT order ({@code inverse}: back); other rows stay.
     * Also used for a LoRA adapter's B of q or k, whose rows are the rows of the projection it adapts.
     */
    static float[] permuteHeads(float[] m, int heads, int headDim, int cols, boolean inverse) {
        int[] source = halfSplitSourceRows(headDim);
        float[] out = m.clone();
        for (int head = 0; head < heads; head++) {
            int base = head * headDim;
            for (int r = 0; r < headDim; r++) {
                int from = inverse ? base + r : base + source[r];
                int to = inverse ? base + source[r] : base + r;
                System.arraycopy(m, from * cols, out, to * cols, cols);
            }
        }
        return out;
    }
}
