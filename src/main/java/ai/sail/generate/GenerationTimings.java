package ai.sail.generate;

/**
 * Where the time of a generation call went, in nanoseconds: the model (forward passes, output head,
 * softmax and copying the distribution out), sampling in Java, and bookkeeping (building masks and
 * ids, stop checks, dropping finished rows); and the {@link DecodePath} that ran ({@code TORCH} or
 * {@code JAVA}; null when a serving engine decoded, see {@link RemoteGenerator}).
 */
public record GenerationTimings(long modelNanos, long samplingNanos, long bookkeepingNanos,
        long generatedTokens, int steps, DecodePath path) {

    public long totalNanos() {
        return modelNanos + samplingNanos + bookkeepingNanos;
    }

    public double tokensPerSecond() {
        return totalNanos() == 0 ? 0 : generatedTokens * 1e9 / totalNanos();
    }
}
