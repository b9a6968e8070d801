package ai.sail.eval;

import ai.sail.generate.Generation;
import java.util.Arrays;
import java.util.List;

/**
 * What an evaluation measured per response, in sampling order (prompt by prompt, {@code samplesPerPrompt}
 * each): kept so results can be inspected, written out and aggregated further, and so the summary
 * metrics are a pure function of it ({@link EvalResult#of}).
 *
 * <p>The arrays are held as given, not copied; do not modify them.
 *
 * @param responses the policy's responses
 * @param rewards each response's gold reward
 * @param baselineRewards the gold reward of the matched reference response; null without a baseline
 * @param policyLogProbs {@code log pi(y|x)} of each response; null without a reference for KL
 * @param referenceLogProbs {@code log pi_ref(y|x)} of each response; null exactly when
 *     {@code policyLogProbs} is
 */
public record EvalSamples(List<Generation> responses, double[] rewards, double[] baselineRewards,
        double[] policyLogProbs, double[] referenceLogProbs) {

    public EvalSamples {
        responses = List.copyOf(responses);
        int n = responses.size();
        if (n == 0) {
            throw new IllegalArgumentException("an evaluation needs at least one response");
        }
        requireLength(rewards, n, "rewards");
        if (baselineRewards != null) {
            requireLength(baselineRewards, n, "baseline rewards");
        }
        if ((policyLogProbs == null) != (referenceLogProbs == null)) {
            throw new IllegalArgumentException("policy and reference log-probabilities come together or not at all");
        }
        if (policyLogProbs != null) {
            requireLength(policyLogProbs, n, "policy log-probabilities");
            requireLength(referenceLogProbs, n, "reference log-probabilities");
        }
    }

    public int size() {
        return responses.size();
    }

    public boolean hasBaseline() {
        return baselineRewards != null;
    }

    public boolean hasReference() {
        return policyLogProbs != null;
    }

    /** Generated tokens per response, EOS included when the model produced it (as the scoring counts it). */
    public int[] lengths() {
        return responses.stream().mapToInt(g -> g.tokens().length).toArray();
    }

    public boolean[] endedWithEos() {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = responses.get(i).endedWithEos();
        }
        return out;
    }

    /** Each response's tokens without its final EOS: the text's own tokens, for diversity measures. */
    public List<int[]> contentTokens() {
        return responses.stream()
                .map(g -> g.endedWithEos() ? Arrays.copyOf(g.tokens(), g.tokens().length - 1) : g.tokens())
                .toList();
    }

    /** {@code log pi(y|x) - log pi_ref(y|x)} per response; null without a reference. */
    public double[] logRatios() {
        if (!hasReference()) {
            return null;
        }
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = policyLogProbs[i] - referenceLogProbs[i];
        }
        return out;
    }

    private static void requireLength(double[] values, int n, String what) {
        if (values == null || values.length != n) {
            throw new IllegalArgumentException(n + " responses but " + (values == null ? "no" : values.length) + " " + what);
        }
    }
}
