package ai.sail.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees every tensor created during one step when the step ends, except those explicitly kept.
 *
 * <p>Why a scope and not a sub-manager: a DJL op attaches its result to the manager of its first
 * operand, so {@code weight.transpose()} inside a step would land on the model's manager and leak
 * (djl-notes, hazard 4). {@link NDScope} records every array created on this thread instead. The
 * optimizer creates its state lazily, so optimizer updates must run outside a step scope.
 */
public final class StepScope implements AutoCloseable {
    private final NDScope scope;
    private final List<NDArray> handedOut = new ArrayList<>();

    /**
     * Opens the step, unless a stop was asked for ({@link Interruption}): every loop that calls into
     * libtorch runs its steps in scopes, so this is where a run stops between steps, never inside one.
     */
    public StepScope() {
        Interruption.check("");
        ThreadBudget.applyBetweenSteps();
        scope = new NDScope();
    }

    private StepScope(NDScope scope) {
        this.scope = scope;
    }

    /**
     * A part of a step, opened inside it: what the part creates is freed when the part closes, except
     * what it {@link #handOut hands out} to the enclosing scope. For the large intermediates that are
     * dead before the step ends (a chunk's full-vocabulary logits, a recomputed block's activations).
     * It does not check for a stop: a run never stops inside a step.
     */
    public static StepScope part() {
        return new StepScope(new NDScope());
    }

    /**
     * Moves {@code array}, created in this part, to the enclosing scope when this part closes: it is
     * freed with the enclosing step instead.
     */
    public <T extends NDArray> T handOut(T array) {
        NDScope.unregister(array);
        handedOut.add(array);
        return array;
    }

    /** Keeps {@code array} alive past the end of the step; the caller must close it. */
    public <T extends NDArray> T keep(T array) {
        return unscoped(array);
    }

    /**
     * Takes {@code array}, just created, out of the step scope open on this thread (if any), so that
     * closing the scope does not free it: for tensors that belong to something longer-lived (the
     * optimizer's moments, a KV cache, a cache of constants or rotary tables) and are closed with
     * their owner's manager. The one place Sail does this; call it on the array as it is created,
     * since DJL registers a new array with the innermost scope only.
     */
    public static <T extends NDArray> T unscoped(T array) {
        NDScope.unregister(array);
        return array;
    }

    @Override
    public void close() {
        scope.close();
        // Registered after the close, so that they land in the scope that is innermost again.
        handedOut.forEach(NDScope::register);
    }
}
