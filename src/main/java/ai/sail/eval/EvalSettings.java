package ai.sail.eval;

import ai.sail.generate.GenerationSettings;
import ai.sail.generate.SamplingSettings;
import java.util.HashSet;
import java.util.List;

/**
 * How an evaluation samples. The policy and the reference baseline are drawn with the same settings
 * and seed, so with policy = reference the two draw the same responses and compare as exact ties.
 *
 * @param samplesPerPrompt responses drawn per prompt
 * @param maxNewTokens tokens per response at most
 * @param temperature sampling temperature; 1 (with {@code topP = 1}) draws from the model itself, which
 *     the KL estimate assumes
 * @param topP nucleus mass; 1 = off
 * @param seed seeds one sampling stream per model; the same seed, prompts and batch size give the same
 *     responses
 * @param batchSize rows (prompt copies) generated and scored together
 */
public record EvalSettings(int samplesPerPrompt, int maxNewTokens, float temperature, float topP, long seed,
        int batchSize) {

    public EvalSettings {
        if (samplesPerPrompt < 1) {
            throw new IllegalArgumentException("--samples must be >= 1, got " + samplesPerPrompt);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("--max-new-tokens must be >= 1, got " + maxNewTokens);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        new SamplingSettings(temperature, 0, topP); // validates temperature and top-p with the generator's messages
    }

    public SamplingSettings sampling() {
        return new SamplingSettings(temperature, 0, topP);
    }

    /** Generation settings for a model that stops at {@code eosIds}; no stop strings. */
    GenerationSettings generation(List<Integer> eosIds) {
        return new GenerationSettings(maxNewTokens, sampling(), new HashSet<>(eosIds), List.of(), seed);
    }
}
