package ai.sail.eval;

import java.util.Arrays;

/**
 * Comparing methods at a matched KL budget rather than at equal updates: a method that moved further
 * from the base model usually has more reward, so the fair question is how much reward each reaches
 * for the same KL. Each run's evaluations along training trace a reward-vs-KL path; the reward where
 * that path first reaches the budget is read off by linear interpolation. Over seeds the mean gets a
 * 95% Student-t interval, and two methods are compared by their per-seed differences (paired by seed,
 * since a seed fixes data order, routing and sampling for both).
 */
public final class MatchedKl {
    /**
     * Two-sided 95% Student-t quantiles for 1..30 degrees of freedom; beyond 30 the normal 1.96 is within
     * 2%. Thirty constants are simpler than a statistics library for one quantile.
     */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    private MatchedKl() {}

    /**
     * The reward where the path first reaches {@code budget} KL, interpolated between the evaluations
     * on either side; NaN when the run never reaches it.
     *
     * @param kls KL to the base model at each evaluation, in training order (the first is usually 0)
     * @param rewards the reward at the same evaluations
     */
    public static double rewardAt(double[] kls, double[] rewards, double budget) {
        if (kls.length != rewards.length || kls.length == 0) {
            throw new IllegalArgumentException("need one reward per KL value, got " + kls.length + " and " + rewards.length);
        }
        if (kls[0] >= budget) {
            return rewards[0];
        }
        for (int i = 1; i < kls.length; i++) {
            if (kls[i] >= budget) {
                double f = (budget - kls[i - 1]) / (kls[i] - kls[i - 1]);
                return rewards[i - 1] + f * (rewards[i] - rewards[i - 1]);
            }
        }
        return Double.NaN;
    }

    /** A mean with its 95% interval over {@code n} values (NaN values left out). */
    public record Interval(double mean, double low, double high, int n) {
        /** Whether the interval lies entirely on one side of zero: a difference beyond noise. */
        public boolean excludesZero() {
            return n > 1 && (low > 0 || high < 0);
        }
    }

    /** The mean of the finite values and its two-sided 95% Student-t interval (a point with one value). */
    public static Interval interval(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        if (n == 1) {
            return new Interval(mean, mean, mean, 1);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
        return new Interval(mean, mean - half, mean + half, n);
    }

    /** Per-seed differences {@code a[k] - b[k]} (seeds where either is NaN are left out) and their interval. */
    public static Interval pairedDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired by seed: need the same seeds, got " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            d[k] = a[k] - b[k];
        }
        return interval(d);
    }

    static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + degreesOfFreedom);
        }
        return degreesOfFreedom <= T975.length ? T975[degreesOfFreedom - 1] : 1.96;
    }
}
