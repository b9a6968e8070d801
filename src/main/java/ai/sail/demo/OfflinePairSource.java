package ai.sail.demo;

import java.util.Random;

/**
 * How the demo's offline preference pairs are made: two samples per training prompt from the base
 * model at {@code temperature}, labelled by the gold reward, exactly ({@code labelNoise} 0) or by a
 * noisy Bradley-Terry draw, {@code P(a preferred to b) = sigmoid((R(a) - R(b)) / labelNoise)}. The
 * noisy setting is the paper's: dataset labels that are noisy human judgements on responses of
 * another policy, which online sampling and self-labelling have something to correct.
 *
 * @param temperature sampling temperature of the policy that writes the pairs (the base model)
 * @param labelNoise Bradley-Terry temperature on the gold reward's scale; 0 = the higher reward wins
 */
public record OfflinePairSource(double temperature, double labelNoise) {
    public static final OfflinePairSource EXACT = new OfflinePairSource(1.0, 0.0);

    public OfflinePairSource {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--pair-temperature must be > 0, got " + temperature);
        }
        if (!(labelNoise >= 0) || Double.isInfinite(labelNoise)) {
            throw new IllegalArgumentException("--label-noise must be >= 0 (0 = exact labels), got " + labelNoise);
        }
    }

    /** Whether the first response is labelled preferred, given the two gold rewards (which differ). */
    boolean firstChosen(double first, double second, Random rng) {
        if (labelNoise == 0) {
            return first > second;
        }
        double p = 1 / (1 + Math.exp(-(first - second) / labelNoise));
        return rng.nextDouble() < p;
    }

    /** The paper's setting as the demo runs it with --full: pairs at temperature 1.3, label noise 0.05. */
    public static final OfflinePairSource NOISY = new OfflinePairSource(1.3, 0.05);

    String describe() {
        return String.format(java.util.Locale.ROOT, "base-model samples at temperature %s, labelled %s", temperature,
                labelNoise == 0 ? "by the gold reward (higher wins)"
                        : "by a Bradley-Terry draw on the gold reward with noise " + labelNoise);
    }
}
