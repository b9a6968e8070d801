package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.sail.tensor.StepScope;

/**
 * Keys and values of every layer for a batch of sequences being generated, preallocated to the
 * longest length the generation can reach so that a decoding step writes in place instead of
 * copying the whole cache.
 *
 * <p>Layout per layer: {@code [B, kvHeads, capacity, headDim]}; positions {@code [0, length)} are
 * filled. Rows that finished can be dropped ({@link #keepRows}) so they stop costing compute.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int capacity;
    private int length;

    public KvCache(NDManager parent, ModelConfig config, int batch, int capacity) {
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[config.layers()];
        this.values = new NDArray[config.layers()];
        Shape shape = new Shape(batch, config.kvHeads(), capacity, config.headDim());
        // The cache owns its buffers: a step scope open while they are made must not free them.
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = StepScope.unscoped(manager.zeros(shape, DataType.FLOAT32));
            values[l] = StepScope.unscoped(manager.zeros(shape, DataType.FLOAT32));
        }
    }

    /** Tokens already cached per row. */
    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Writes this step's keys and values ({@code [B, kvHeads, T, headDim]}) of layer {@code layer}
     * after the cached ones and returns views of everything cached so far plus this step.
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        int t = (int) k.getShape().get(2);
        if (length + t > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " + " + t + " > " + capacity);
        }
        // Built, not parsed: the string form of NDIndex costs more than the copy at small sizes.
        NDIndex slot = new NDIndex().addAllDim(2).addSliceDim(length, length + t);
        keys[layer].set(slot, k);
        values[layer].set(slot, v);
        NDIndex upTo = new NDIndex().addAllDim(2).addSliceDim(0, length + t);
        return new NDArray[] {keys[layer].get(upTo), values[layer].get(upTo)};
    }

    /** Marks {@code t} more positions as filled, after every layer has appended them. */
    void advance(int t) {
        length += t;
    }

    /** Keeps only the given batch rows (in that order), e.g. after some sequences finished. */
    public void keepRows(long[] rows) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray index = tmp.create(rows);
            for (int l = 0; l < keys.length; l++) {
                NDArray k = StepScope.unscoped(keys[l].get(new NDIndex("{}", index)));
                NDArray v = StepScope.unscoped(values[l].get(new NDIndex("{}", index)));
                keys[l].close();
                values[l].close();
                keys[l] = k;
                values[l] = v;
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
