package ai.sail.tensor;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A stretch of code that autograd does not record, even inside an open gradient collector; closing
 * it restores the mode it found (PyTorch's {@code torch.no_grad()}, which DJL's API does not offer).
 *
 * <p>Why: activation checkpointing runs the decoder's blocks once without keeping their graph and
 * records them later, block by block, in the backward pass. Grad mode is per thread in libtorch, as
 * the calls made here are.
 */
public final class NoGradient implements AutoCloseable {
    private final boolean was;

    private NoGradient() {
        was = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    public static NoGradient open() {
        return new NoGradient();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(was);
    }
}
