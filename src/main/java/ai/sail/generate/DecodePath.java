package ai.sail.generate;

import ai.djl.Device;
import ai.sail.config.Choice;
import ai.sail.model.DecodeKernel;
import ai.sail.model.DecodeSession;
import ai.sail.model.Decoder;
import ai.sail.model.TorchDecodeSession;

/**
 * Which implementation runs a generation call's forward passes ({@code --decode-path}). Both compute
 * the same log-probabilities (to float rounding) and hand the sampler the same rows, so a seed gives
 * the same tokens either way up to those roundings.
 */
public enum DecodePath implements Choice {
    /** The Java kernel where it is faster (see {@link #resolve}), libtorch otherwise. */
    AUTO,
    /** libtorch through the {@link Decoder}: any model, any device. */
    TORCH,
    /** The plain-Java {@link DecodeKernel}; an error for a model it refuses. */
    JAVA;

    /**
     * Multiply-adds per step, batch times one token's forward, up to which {@link #AUTO} picks the Java
     * kernel on a CPU. Measured with {@code sail bench generate --threads 1 --decode-path java|torch}: on
     * stories260K (0.6 MFLOP per token) the kernel won at every batch up to 32; on the random d256 /
     * 4-layer / vocab-8192 model (9.4 MFLOP per token) it was twice as fast at batch 1 and level at batch 8
     * (75 MFLOP a step). The limit sits below that crossing, so auto never picks the slower path by much.
     */
    static final double JAVA_FLOPS_PER_STEP = 40e6;

    /**
     * The path that runs {@code batch} rows of at most {@code capacity} tokens: {@link #TORCH} or
     * {@link #JAVA}. {@link #AUTO} picks Java on a CPU when the kernel accepts the model and a step
     * costs at most {@link #JAVA_FLOPS_PER_STEP}: below that, a libtorch step is mostly the fixed cost of
     * its calls, which the kernel does not pay; above it, libtorch's matrix products win.
     *
     * @throws IllegalArgumentException for {@link #JAVA} on a model the kernel refuses
     */
    public DecodePath resolve(Decoder decoder, int batch, int capacity) {
        return switch (this) {
            case TORCH -> TORCH;
            case JAVA -> {
                DecodeKernel.refusal(decoder).ifPresent(why -> {
                    throw new IllegalArgumentException("--decode-path java: " + why + "; use --decode-path torch");
                });
                yield JAVA;
            }
            case AUTO -> {
                boolean cpu = decoder.manager().getDevice().getDeviceType().equals(Device.Type.CPU);
                double flops = batch * decoder.config().forwardFlopsPerToken(capacity);
                yield cpu && flops <= JAVA_FLOPS_PER_STEP && DecodeKernel.refusal(decoder).isEmpty() ? JAVA : TORCH;
            }
        };
    }

    /** A session on the path {@link #resolve} picks. */
    DecodeSession open(Decoder decoder, int batch, int capacity) {
        return switch (resolve(decoder, batch, capacity)) {
            case JAVA -> DecodeKernel.open(decoder, batch, capacity);
            case TORCH, AUTO -> new TorchDecodeSession(decoder, batch, capacity);
        };
    }
}
