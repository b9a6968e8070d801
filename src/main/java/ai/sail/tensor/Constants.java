package ai.sail.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scalar tensors that live as long as their manager.
 *
 * <p>Why: DJL's {@code x.mul(3f)} wraps the number in a temporary tensor and frees it as soon as the
 * op returns, while autograd still points at it; a GC before backward then reads freed memory and
 * gradients come out wrong with no error (djl-notes, hazard 1). Every constant that can reach a graph
 * goes through here instead. Values are cached by their float bits so a training loop creates each
 * constant once.
 */
public final class Constants implements AutoCloseable {
    private final NDManager manager;
    private final ConcurrentHashMap<Integer, NDArray> floats = new ConcurrentHashMap<>();

    public Constants(NDManager manager) {
        this.manager = manager;
    }

    /** A 0-d float32 tensor holding {@code value}, kept until this cache closes. */
    public NDArray scalar(float value) {
        return floats.computeIfAbsent(Float.floatToIntBits(value), bits -> {
            // Created under a caller's StepScope it would be freed with the step; the cache owns it.
            return StepScope.unscoped(manager.create(value));
        });
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        floats.values().forEach(NDArray::close);
        floats.clear();
    }
}
