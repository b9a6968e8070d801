package ai.sail.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Frees every tensor created during one step when the step ends, except those explicitly kept.
 *
 * <p>Why a scope and not a sub-manager: a DJL op attaches its result to the manager of its first
 * operand, so {@code weight.transpose()} inside a step would land on the model's manager and leak
 * (djl-notes, hazard 4). {@link NDScope} records every array created on this thread instead. The
 * optimizer creates its state lazily, so optimizer updates must run outside a step scope.
 */
public final class StepScope implements AutoCloseable {
    private final NDScope scope = new NDScope();

    /** Keeps {@code array} alive past the end of the step; the caller must close it. */
    public <T extends NDArray> T keep(T array) {
        NDScope.unregister(array);
        return array;
    }


    @Override
    public void close() {
        scope.close();
    }
}
