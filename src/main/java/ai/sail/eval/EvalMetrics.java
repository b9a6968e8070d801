package ai.sail.eval;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The evaluation metrics as pure functions on arrays, so each can be checked against a hand-computed
 * value and none depends on how the numbers were produced. Index {@code i} of every array is one
 * sample; paired arrays must be equally long. An empty input is an error: a metric of nothing would
 * be a silent NaN in a report.
 */
public final class EvalMetrics {
    private EvalMetrics() {}

    /** Mean gold reward: {@code (1/n) * sum_i r(x_i, y_i)}. */
    public static double meanReward(double[] rewards) {
        return mean(requireSamples(rewards, "rewards"));
    }

    /**
     * Hard win rate against matched reference responses:
     * {@code (1/n) * sum_i w_i}, {@code w_i = 1} if {@code r(y_i) > r(y_ref,i)}, {@code 0.5} on a tie,
     * {@code 0} otherwise. Pair {@code i} is the policy's i-th response and the reference's i-th
     * response to the same prompt.
     */
    public static double winRate(double[] policyRewards, double[] referenceRewards) {
        requirePairs(policyRewards, referenceRewards, "policy rewards", "reference rewards");
        double wins = 0;
        for (int i = 0; i < policyRewards.length; i++) {
            double d = policyRewards[i] - referenceRewards[i];
            wins += d > 0 ? 1 : d == 0 ? 0.5 : 0;
        }
        return wins / policyRewards.length;
    }

    /**
     * Soft win rate: {@code (1/n) * sum_i sigmoid(r(y_i) - r(y_ref,i))}, with
     * {@code sigmoid(d) = 1 / (1 + exp(-d))}: the Bradley-Terry probability that the policy's response
     * is preferred. A tie counts 0.5, as in the hard rate.
     */
    public static double softWinRate(double[] policyRewards, double[] referenceRewards) {
        requirePairs(policyRewards, referenceRewards, "policy rewards", "reference rewards");
        double sum = 0;
        for (int i = 0; i < policyRewards.length; i++) {
            sum += sigmoid(policyRewards[i] - referenceRewards[i]);
        }
        return sum / policyRewards.length;
    }

    /**
     * KL(policy || reference) per response, estimated from responses sampled from the policy:
     * {@code (1/n) * sum_i (log pi(y_i|x_i) - log pi_ref(y_i|x_i))}, with sequence log-probabilities
     * (sums over the response tokens). This is the standard Monte-Carlo estimate: unbiased for
     * {@code E_x KL(pi(.|x) || pi_ref(.|x))} when the {@code y_i} are drawn from {@code pi} itself
     * (temperature 1, no top-p), but a single term can be negative, so on few samples the estimate
     * can be too. Drawn at another temperature it is the expected log-ratio under that sampling
     * distribution instead.
     */
    public static double klEstimate(double[] policyLogProbs, double[] referenceLogProbs) {
        requirePairs(policyLogProbs, referenceLogProbs, "policy log-probabilities", "reference log-probabilities");
        return sumOfDifferences(policyLogProbs, referenceLogProbs) / policyLogProbs.length;
    }

    /**
     * The same estimate per generated token:
     * {@code sum_i (log pi(y_i|x_i) - log pi_ref(y_i|x_i)) / sum_i |y_i|}, where {@code |y_i|} counts
     * the tokens whose log-probabilities were summed. Long and short responses weigh by their tokens,
     * so this compares runs whose responses differ in length.
     */
    public static double klPerToken(double[] policyLogProbs, double[] referenceLogProbs, int[] lengths) {
        requirePairs(policyLogProbs, referenceLogProbs, "policy log-probabilities", "reference log-probabilities");
        if (lengths.length != policyLogProbs.length) {
            throw new IllegalArgumentException(policyLogProbs.length + " log-probabilities but " + lengths.length + " lengths");
        }
        long tokens = 0;
        for (int n : lengths) {
            if (n < 0) {
                throw new IllegalArgumentException("a response length is negative: " + n);
            }
            tokens += n;
        }
        if (tokens == 0) {
            throw new IllegalArgumentException("the responses hold no tokens; KL per token is undefined");
        }
        return sumOfDifferences(policyLogProbs, referenceLogProbs) / tokens;
    }

    /** Mean response length in tokens: {@code (1/n) * sum_i |y_i|}. */
    public static double meanLength(int[] lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("no lengths to average");
        }
        return Arrays.stream(lengths).asDoubleStream().sum() / lengths.length;
    }

    /** Share of responses the model ended itself: {@code (1/n) * sum_i 1[y_i ends with EOS]}. */
    public static double eosShare(boolean[] endedWithEos) {
        if (endedWithEos.length == 0) {
            throw new IllegalArgumentException("no responses to count EOS over");
        }
        int ended = 0;
        for (boolean e : endedWithEos) {
            ended += e ? 1 : 0;
        }
        return (double) ended / endedWithEos.length;
    }

    /**
     * Distinct-n (Li et al., 2016): {@code |unique n-grams| / |n-grams|} over all responses together,
     * n-grams taken within each response (none spans two). 1 when no n-gram repeats; low values mean
     * repetitive or mode-collapsed output. NaN when no response holds {@code n} tokens.
     */
    public static double distinctN(List<int[]> responses, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("distinct-n needs n >= 1, got " + n);
        }
        Set<List<Integer>> unique = new HashSet<>();
        long total = 0;
        for (int[] r : responses) {
            for (int start = 0; start + n <= r.length; start++) {
                unique.add(Arrays.stream(r, start, start + n).boxed().toList());
                total++;
            }
        }
        return total == 0 ? Double.NaN : (double) unique.size() / total;
    }

    /** {@code 1 / (1 + exp(-d))}, computed without overflow for large |d|. */
    static double sigmoid(double d) {
        if (d >= 0) {
            return 1 / (1 + Math.exp(-d));
        }
        double e = Math.exp(d);
        return e / (1 + e);
    }

    /** Arithmetic mean of a non-empty array. */
    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double sumOfDifferences(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] - b[i];
        }
        return sum;
    }

    private static double[] requireSamples(double[] values, String what) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no " + what + " to evaluate");
        }
        return values;
    }

    private static void requirePairs(double[] a, double[] b, String aName, String bName) {
        requireSamples(a, aName);
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " " + aName + " but " + b.length + " " + bName
                    + "; they are matched one to one");
        }
    }
}
