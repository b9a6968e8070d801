package ai.sail.generate;

import java.util.List;
import java.util.Set;

/**
 * What one generation call does.
 *
 * @param maxNewTokens tokens to generate at most per sequence
 * @param sampling how each token is picked
 * @param eosIds ids that end a sequence (the model's EOS ids plus any extra)
 * @param stopStrings texts that end a sequence once the decoded response contains them
 * @param seed seeds the sampling stream; the same seed and inputs give the same tokens
 * @param capToContext when a prompt plus {@code maxNewTokens} would not fit in the model's context,
 *     generate only as many tokens as it leaves for that prompt; when false (the default) such a
 *     prompt is refused with an error, so a caller never gets a shorter response it did not ask for
 */
public record GenerationSettings(int maxNewTokens, SamplingSettings sampling, Set<Integer> eosIds,
        List<String> stopStrings, long seed, boolean capToContext) {

    public GenerationSettings {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("--max-new-tokens must be >= 1, got " + maxNewTokens);
        }
        eosIds = Set.copyOf(eosIds);
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("a stop string must not be empty");
            }
        }
    }

    /** Settings that refuse a prompt which leaves too little room in the context. */
    public GenerationSettings(int maxNewTokens, SamplingSettings sampling, Set<Integer> eosIds,
            List<String> stopStrings, long seed) {
        this(maxNewTokens, sampling, eosIds, stopStrings, seed, false);
    }

    /** These settings with {@link #capToContext} set to {@code cap}. */
    public GenerationSettings withCapToContext(boolean cap) {
        return new GenerationSettings(maxNewTokens, sampling, eosIds, stopStrings, seed, cap);
    }
}
