package ai.sail.eval;

import java.util.Locale;

/**
 * A mean with its spread: how a metric is reported over seeds (or over samples), so a difference
 * between methods can be read against the noise of the runs behind it.
 *
 * @param mean the arithmetic mean
 * @param sd the sample standard deviation {@code sqrt(sum (v - mean)^2 / (n - 1))}; NaN when
 *     {@code n = 1}, where it is undefined
 * @param n how many values
 */
public record Stat(double mean, double sd, int n) {

    public Stat {
        if (n < 1) {
            throw new IllegalArgumentException("a statistic needs at least one value, got n = " + n);
        }
        if (sd < 0) {
            throw new IllegalArgumentException("a standard deviation cannot be negative, got " + sd);
        }
    }

    /** Mean and sample standard deviation (n - 1 in the denominator) of {@code values}. */
    public static Stat of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double mean = EvalMetrics.mean(values);
        if (values.length == 1) {
            return new Stat(mean, Double.NaN, 1);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Stat(mean, Math.sqrt(squares / (values.length - 1)), values.length);
    }

    /** {@code mean ± sd (n = N)}, four decimals, for logs and tables. */
    public String format() {
        return String.format(Locale.ROOT, "%.4f ± %.4f (n = %d)", mean, sd, n);
    }
}
