package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.sail.tensor.StepScope;

/**
 * Decoding through libtorch: {@link Decoder#forward} with a {@link KvCache}, then the output head and
 * log-softmax of each row's last position, copied out once per step. Every intermediate of a step is
 * freed with the step's scope.
 */
public final class TorchDecodeSession implements DecodeSession {
    private final Decoder decoder;
    private final KvCache cache;

    /** A session for {@code batch} rows of at most {@code capacity} tokens each (prompt and new tokens). */
    public TorchDecodeSession(Decoder decoder, int batch, int capacity) {
        this.decoder = decoder;
        this.cache = new KvCache(decoder.manager(), decoder.config(), batch, capacity);
    }

    @Override
    public float[] nextLogProbs(long[] ids, AttentionLayout layout) {
        NDManager manager = decoder.manager();
        int t = layout.queries();
        try (StepScope scope = new StepScope()) {
            NDArray tokens = manager.create(ids, new Shape(layout.batch(), t));
            NDArray hidden = decoder.forward(tokens, layout, cache); // [B, T, D]
            NDArray last = hidden.get(new NDIndex().addAllDim().addSliceDim(t - 1, t)).squeeze(1); // [B, D]
            return decoder.logits(last).logSoftmax(1).toFloatArray(); // [B * V]
        }
    }

    @Override
    public void keepRows(long[] rows) {
        cache.keepRows(rows);
    }

    @Override
    public void close() {
        cache.close();
    }
}
