package ai.sail.report;

import java.util.Locale;
import java.util.Objects;

/**
 * One metric summarised over seeds: the mean, the sample standard deviation and the number of runs.
 * The demo repeats each method over seeds so that a gap between two methods can be told apart from
 * seed noise; {@code n} travels with the numbers so a reader knows whether an sd of 0 means "no
 * spread" or "a single run".
 *
 * <p>The report prints numbers with three significant digits of the larger of |mean| and sd, the sd
 * given to the same decimals as its mean ("0.523 ± 0.041", "12.4 ± 1.2", "145"). Three digits is what
 * a few seeds can support; more would suggest a precision the runs do not have. A table column passes
 * one number of decimals for all its cells.
 */
public record Stat(double mean, double sd, int n) {
    private static final String PLUS_MINUS = " ± ";
    private static final int MAX_DECIMALS = 6;

    public Stat {
        if (n < 1) {
            throw new IllegalArgumentException("a statistic needs at least one value, got n = " + n);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, got " + mean);
        }
        if (!Double.isFinite(sd) || sd < 0) {
            throw new IllegalArgumentException("sd must be finite and not negative, got " + sd);
        }
        if (n == 1 && sd != 0) {
            throw new IllegalArgumentException("a single value has no spread, got sd " + sd);
        }
    }

    /** Mean and sample standard deviation (divisor n - 1) of the values; sd 0 for one value. */
    public static Stat of(double... values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("a statistic needs at least one value");
        }
        double sum = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("values must be finite, got " + v);
            }
            sum += v;
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new Stat(mean, 0, 1);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new Stat(mean, Math.sqrt(squares / (values.length - 1)), values.length);
    }

    /** Whether the sd says something: more than one run went into it. */
    public boolean hasSpread() {
        return n > 1;
    }

    /** "mean ± sd", or the mean alone for a single run, with the decimals the statistic needs. */
    String format() {
        return format(decimals());
    }

    /** "mean ± sd", or the mean alone for a single run, with the given decimals. */
    String format(int decimals) {
        String text = fixed(mean, decimals);
        return hasSpread() ? text + PLUS_MINUS + fixed(sd, decimals) : text;
    }

    /** The decimals that give the larger of |mean| and sd three significant digits. */
    int decimals() {
        return decimals(Math.max(Math.abs(mean), sd));
    }

    /** A value with an optional spread (NaN or 0 = none), for tooltips. */
    static String format(double value, double spread) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        if (!Double.isFinite(spread) || spread <= 0) {
            return fixed(value, decimals(Math.abs(value)));
        }
        int decimals = decimals(Math.max(Math.abs(value), spread));
        return fixed(value, decimals) + PLUS_MINUS + fixed(spread, decimals);
    }

    private static int decimals(double magnitude) {
        if (magnitude == 0) {
            return 0;
        }
        int digits = 2 - (int) Math.floor(Math.log10(magnitude));
        return Math.max(0, Math.min(MAX_DECIMALS, digits));
    }

    private static String fixed(double value, int decimals) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0\\.?0*") ? text.substring(1) : text;
    }
}
