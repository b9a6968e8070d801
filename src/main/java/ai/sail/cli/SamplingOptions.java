package ai.sail.cli;

import ai.sail.generate.GenerationSettings;
import ai.sail.generate.SamplingSettings;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How responses are sampled: the options that generate and eval share ({@code --max-new-tokens},
 * {@code --temperature}, {@code --top-p}, {@code --seed}, {@code --batch-size}), each declared once.
 * bench generate takes the temperature alone, so that option is a mixin of its own
 * ({@link Temperature}) which this one includes. generate's {@code --top-k} and {@code --stop} are
 * declared in that command, the only one that takes them: here they would add two options to eval.
 *
 * <p>Defaults are the fields' initial values rather than picocli's {@code defaultValue}. Every command
 * that takes these options has the same defaults today; one that needs another passes the mixin
 * already built ({@code @Mixin SamplingOptions sampling = ...}), which picocli uses as it is and whose
 * initial values it shows as the defaults. That keeps each number next to its option, where a default
 * provider would keep a second table of them. How a command words an option is in {@link OptionWording}.
 */
final class SamplingOptions {
    @Option(names = "--max-new-tokens", paramLabel = "N",
            description = "Tokens to generate at most per prompt (default: ${DEFAULT-VALUE}).")
    int maxNewTokens = 128;

    @Mixin
    Temperature temperature;

    @Option(names = "--top-p", paramLabel = "P", description = "Nucleus sampling mass; 1 = off (default: ${DEFAULT-VALUE}).")
    float topP = 1f;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the sampling stream; the same seed reproduces a run (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Part of the sampling stream: the same seed, inputs and batch size give the same tokens. */
    @Option(names = "--batch-size", paramLabel = "N", description = "Prompts generated together (default: ${DEFAULT-VALUE}).")
    int batchSize = 16;

    /** Checks {@code --batch-size}, which the engine's settings do not hold. */
    void checkBatchSize() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
    }

    /** Per-token sampling with top-k filtering ({@code topK = 0}: none), validated with the flags' names. */
    SamplingSettings sampling(int topK) {
        return new SamplingSettings(temperature.value, topK, topP);
    }

    /** One generation call's settings: ends at {@code eosIds} or at one of {@code stop}. */
    GenerationSettings generation(int topK, List<Integer> eosIds, List<String> stop) {
        return new GenerationSettings(maxNewTokens, sampling(topK), new HashSet<>(eosIds), stop, seed);
    }

    /** {@code --temperature}: shared by generate, eval and bench generate. */
    static final class Temperature {
        @Option(names = "--temperature", paramLabel = "T",
                description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
        float value = 1f;
    }
}
