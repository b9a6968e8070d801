package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Which keys each query may see, and each token's position, for a batch whose rows may be padded
 * on either side. Built in Java from a 0/1 validity row per sequence, because the rules are simple
 * and the arrays small: a query sees the valid keys at or before its own index (causal + padding),
 * and a token's position is the number of valid tokens before it, so a left-padded row gets the same
 * positions as the row run alone.
 *
 * @param valid {@code [B][Tk]}: 1 where the key is a real token (cached ones included), 0 for padding
 * @param queries how many of the last keys are this step's queries
 */
public record AttentionLayout(int[][] valid, int queries) {

    /** Added to scores of hidden keys; finite so a fully padded query row cannot produce NaN. */
    static final float HIDDEN = -1e9f;

    public AttentionLayout {
        if (valid.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        int tk = valid[0].length;
        for (int[] row : valid) {
            if (row.length != tk) {
                throw new IllegalArgumentException("all rows need the same key length");
            }
        }
        if (queries < 1 || queries > tk) {
            throw new IllegalArgumentException("queries must be in 1.." + tk + ", got " + queries);
        }
    }

    public int batch() {
        return valid.length;
    }

    public int keys() {
        return valid[0].length;
    }

    /** Position ids {@code [B, queries]} (int64). */
    public NDArray positions(NDManager manager) {
        int b = batch();
        int tk = keys();
        long[] pos = new long[arrayLength("position ids", (long) b * queries)];
        for (int r = 0; r < b; r++) {
            long seen = 0;
            int first = tk - queries;
            for (int k = 0; k < tk; k++) {
                if (k >= first) {
                    pos[r * queries + (k - first)] = seen;
                }
                seen += valid[r][k];
            }
        }
        return manager.create(pos, new Shape(b, queries));
    }

    /**
     * The largest position id {@link #positions} produces: a query's position is the number of real
     * tokens before it, so a row of n real tokens reaches n - 1 (not n).
     */
    public int maxPosition() {
        int tk = keys();
        int first = tk - queries;
        int max = 0;
        for (int[] row : valid) {
            int seen = 0;
            for (int k = 0; k < tk; k++) {
                if (k >= first) {
                    max = Math.max(max, seen);
                }
                seen += row[k];
            }
        }
        return max;
    }

    /** Additive mask {@code [B, 1, queries, Tk]}: 0 where visible, {@link #HIDDEN} elsewhere. */
    public NDArray additiveMask(NDManager manager) {
        int b = batch();
        int tk = keys();
        float[] mask = new float[arrayLength("attention mask", (long) b * queries * tk)];
        for (int r = 0; r < b; r++) {
            for (int q = 0; q < queries; q++) {
                int self = tk - queries + q;
                int base = (r * queries + q) * tk;
                for (int k = 0; k < tk; k++) {
                    boolean visible = k <= self && (valid[r][k] == 1 || k == self);
                    mask[base + k] = visible ? 0f : HIDDEN;
                }
            }
        }
        return manager.create(mask, new Shape(b, 1, queries, tk));
    }

    /**
     * The largest Java array the JVM allocates is a few elements short of {@code Integer.MAX_VALUE}.
     * Sizes are multiplied in long arithmetic so that a huge batch fails here, by name, instead of
     * wrapping to a negative or wrong size and failing later in an unrelated place.
     */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private int arrayLength(String what, long elements) {
        if (elements > MAX_ARRAY) {
            throw new IllegalArgumentException("the " + what + " of " + batch() + " rows x " + queries
                    + " queries x " + keys() + " keys needs " + elements + " values, more than one array can hold ("
                    + MAX_ARRAY + "): use fewer rows per batch or shorter sequences");
        }
        return (int) elements;
    }
}
