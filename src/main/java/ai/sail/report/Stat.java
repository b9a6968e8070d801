package ai.sail.report;

import java.util.Objects;

/**
 * One metric summarised over seeds: the mean, the sample standard deviation and the number of runs.
 * The demo repeats each method over seeds so that a gap between two methods can be told apart from
 * seed noise; {@code n} travels with the numbers so a reader knows whether an sd of 0 means "no
 * spread" or "a single run".
 */
public record Stat(double mean, double sd, int n) {

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
}
