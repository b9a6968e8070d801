package ai.sail.model;

/**
 * {@link DecodeKernel}'s keys and values: per row and layer one array {@code [capacity, kvHeads, headDim]},
 * holding the row's real tokens only (padding is never cached, since no query may see it), so a
 * row's cache length is also the position of its next token.
 */
final class KernelCache {
    private final int capacity;
    private final int width; // kvHeads * headDim
    private float[][][] keys; // [row][layer][capacity * width]
    private float[][][] values;
    private int[] lengths;

    KernelCache(ModelConfig config, int batch, int capacity) {
        this.capacity = capacity;
        this.width = config.kvHeads() * config.headDim();
        keys = new float[batch][config.layers()][capacity * width];
        values = new float[batch][config.layers()][capacity * width];
        lengths = new int[batch];
    }

    int rows() {
        return lengths.length;
    }

    int capacity() {
        return capacity;
    }

    /** Real tokens cached in {@code row}. */
    int length(int row) {
        return lengths[row];
    }

    void setLength(int row, int length) {
        lengths[row] = length;
    }

    float[] keys(int row, int layer) {
        return keys[row][layer];
    }

    float[] values(int row, int layer) {
        return values[row][layer];
    }

    /** Keeps only {@code rows}, in that order; nothing is copied. */
    void keepRows(long[] rows) {
        float[][][] k = new float[rows.length][][];
        float[][][] v = new float[rows.length][][];
        int[] n = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int r = Math.toIntExact(rows[i]);
            k[i] = keys[r];
            v[i] = values[r];
            n[i] = lengths[r];
        }
        keys = k;
        values = v;
        lengths = n;
    }
}
