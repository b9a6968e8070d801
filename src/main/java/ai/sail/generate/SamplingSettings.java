package ai.sail.generate;

/**
 * How the next token is picked from the model's distribution.
 *
 * @param temperature 0 for greedy decoding, else logits are divided by it
 * @param topK keep only the k most likely tokens (0 = no limit)
 * @param topP keep the smallest set of most likely tokens whose probability reaches p (1 = no limit)
 */
public record SamplingSettings(float temperature, int topK, float topP) {

    public static final SamplingSettings GREEDY = new SamplingSettings(0f, 0, 1f);

    public SamplingSettings {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("--top-k must be >= 0 (0 = off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
        }
    }

    public boolean greedy() {
        return temperature == 0f;
    }
}
