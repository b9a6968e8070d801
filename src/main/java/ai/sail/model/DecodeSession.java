package ai.sail.model;

/**
 * The model side of one generation call: it is fed each step's tokens (the prompts, then one new token
 * per row), keeps the keys and values between steps, and returns every row's next-token
 * log-probabilities as one Java array, the layout the sampler reads. Two implementations: libtorch
 * through the {@link Decoder} ({@link TorchDecodeSession}) and the plain-Java {@link DecodeKernel}
 * for small models on CPU.
 */
public interface DecodeSession extends AutoCloseable {

    /**
     * Feeds {@code ids} ({@code [B, T]} row-major; padding where {@code layout} marks it) and returns the
     * log-probabilities {@code [B * V]} of the token after each row's last column.
     */
    float[] nextLogProbs(long[] ids, AttentionLayout layout);

    /** Keeps only the given rows (in that order), e.g. after some sequences finished. */
    void keepRows(long[] rows);

    @Override
    void close();
}
