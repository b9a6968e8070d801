package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

/**
 * How a forward pass keeps what the backward pass needs. The plain pass ({@link #whole}) is the
 * decoder's forward: under a gradient collector autograd keeps every block's activations.
 * {@link ActivationCheckpoints} keeps only each block's input and recomputes the block in the
 * backward pass.
 *
 * <p>Use: {@link #hidden} once, build the loss from it, {@code collector.backward(loss)}, then
 * {@link #backwardRest} with the same collector; close it when the step ends.
 */
public interface ForwardPass extends AutoCloseable {

    /** Final hidden states {@code [B, T, D]} of the whole sequences {@code ids} (no KV cache). */
    NDArray hidden(NDArray ids, AttentionLayout layout);

    /**
     * Carries the backward pass through whatever the collector's backward of the loss did not reach.
     * Nothing for the plain pass.
     */
    default void backwardRest(GradientCollector collector) {}

    @Override
    default void close() {}

    /** The decoder's own forward, everything kept. */
    static ForwardPass whole(Decoder decoder) {
        return (ids, layout) -> decoder.forward(ids, layout, null);
    }

    /** The pass for a training step: checkpointed or whole. */
    static ForwardPass forTraining(Decoder decoder, boolean gradientCheckpointing) {
        return gradientCheckpointing ? new ActivationCheckpoints(decoder) : whole(decoder);
    }
}
