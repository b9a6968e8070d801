package ai.sail.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * One method's metric over training: at each evaluation step, the mean over seeds and optionally
 * its standard deviation. A NaN value marks a step where no evaluation exists (a seed diverged,
 * an evaluation was skipped); charts leave a gap there rather than inventing a number. A NaN sd
 * means the spread at that step is unknown.
 *
 * <p>The arrays are copied in and out, so a curve cannot change after it was built.
 */
public record Curve(String method, String metric, int[] steps, double[] values, double[] sd) {

    public Curve {
        ComparisonReport.requireNonBlank(method, "method");
        ComparisonReport.requireNonBlank(metric, "metric");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(values, "values");
        String name = method + "/" + metric;
        if (steps.length == 0) {
            throw new IllegalArgumentException("curve " + name + " has no points");
        }
        if (values.length != steps.length) {
            throw new IllegalArgumentException("curve " + name + " has " + steps.length + " steps but "
                    + values.length + " values");
        }
        if (sd != null && sd.length != steps.length) {
            throw new IllegalArgumentException("curve " + name + " has " + steps.length + " steps but "
                    + sd.length + " sd values");
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] < 0 || (i > 0 && steps[i] <= steps[i - 1])) {
                throw new IllegalArgumentException("curve " + name + ": steps must be non-negative and increasing, got "
                        + Arrays.toString(steps));
            }
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("curve " + name + ": value at step " + steps[i] + " is infinite");
            }
            if (sd != null && (Double.isInfinite(sd[i]) || sd[i] < 0)) {
                throw new IllegalArgumentException("curve " + name + ": sd at step " + steps[i]
                        + " must be finite and not negative (NaN = unknown), got " + sd[i]);
            }
        }
        steps = steps.clone();
        values = values.clone();
        sd = sd == null ? null : sd.clone();
    }

    @Override
    public int[] steps() {
        return steps.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The sd at each step, or null when the curve comes from a single seed. */
    @Override
    public double[] sd() {
        return sd == null ? null : sd.clone();
    }

    public int size() {
        return steps.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && method.equals(c.method) && metric.equals(c.metric)
                && Arrays.equals(steps, c.steps) && Arrays.equals(values, c.values) && Arrays.equals(sd, c.sd);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, metric, Arrays.hashCode(steps), Arrays.hashCode(values), Arrays.hashCode(sd));
    }

    @Override
    public String toString() {
        return "Curve[method=" + method + ", metric=" + metric + ", steps=" + Arrays.toString(steps)
                + ", values=" + Arrays.toString(values) + ", sd=" + Arrays.toString(sd) + "]";
    }
}
