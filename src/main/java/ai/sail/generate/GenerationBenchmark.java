package ai.sail.generate;

import ai.sail.model.Decoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Decoding throughput of a model: random prompts of a fixed length, a fixed number of new tokens per
 * row (EOS ignored, so every run does the same work), greedy or sampled. Reports the best of several
 * runs after a warm-up, with the time split into model, sampling and bookkeeping. The same workload
 * measures a serving engine through {@link RemoteGenerator}: its "model" time is then the engine's,
 * HTTP and JSON included, and its bookkeeping Sail's scoring of the samples.
 */
public final class GenerationBenchmark {
    private GenerationBenchmark() {}

    public record Result(int batch, int promptLength, int newTokens, GenerationTimings best) {
        public double tokensPerSecond() {
            return best.tokensPerSecond();
        }
    }

    public static Result run(Decoder decoder, int batch, int promptLength, int newTokens,
            SamplingSettings sampling, int repeats, long seed, DecodePath path) {
        return run(new Generator(decoder, ids -> "", path), decoder.config().vocabSize(), batch, promptLength, newTokens,
                sampling, repeats, seed);
    }

    /** The workload through {@code generator}, prompts drawn from a vocabulary of {@code vocab} ids. */
    public static Result run(ResponseGenerator generator, int vocab, int batch, int promptLength, int newTokens,
            SamplingSettings sampling, int repeats, long seed) {
        Random rng = new Random(seed);
        List<int[]> prompts = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] p = new int[promptLength];
            for (int i = 0; i < promptLength; i++) {
                p[i] = rng.nextInt(vocab);
            }
            prompts.add(p);
        }
        GenerationSettings settings = new GenerationSettings(newTokens, sampling, Set.of(), List.of(), seed);
        generator.generate(prompts, settings); // warm-up: first-call allocations and kernel selection
        GenerationTimings best = null;
        for (int r = 0; r < repeats; r++) {
            generator.generate(prompts, settings);
            GenerationTimings t = generator.lastTimings();
            if (best == null || t.totalNanos() < best.totalNanos()) {
                best = t;
            }
        }
        return new Result(batch, promptLength, newTokens, best);
    }
}
