package ai.sail.generate;

import java.net.URI;
import java.util.Objects;

/**
 * Where a serving engine drew a response, and what it said about it. The policy version is the seam
 * for weight sync: it records which update of the policy the served weights were, so a trainer can
 * measure (and bound) how stale its samples are.
 *
 * @param server the engine's base URL
 * @param engine the request dialect it was spoken to in
 * @param logProbs the engine's log-probability of each response token, aligned with
 *     {@link Generation#tokens()}; NaN where the engine gave none (a token Sail added, such as an EOS
 *     the engine dropped from its answer, or every token when Sail had to re-tokenize the text)
 * @param retokenized whether the engine answered with text only and Sail tokenized it
 * @param policyVersion the policy update the served weights came from (0: the weights the run started with)
 */
public record EngineSample(URI server, RolloutEngine engine, float[] logProbs, boolean retokenized, long policyVersion) {

    public EngineSample {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(logProbs, "logProbs");
    }
}
