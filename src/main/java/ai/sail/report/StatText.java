package ai.sail.report;

import java.util.Locale;

/**
 * Numbers as the report prints them: three significant digits of the larger of |mean| and sd, with the
 * sd given to the same decimals as its mean ("0.523 ± 0.041", "12.4 ± 1.2", "145"). Three digits is
 * what a few seeds can support; more would suggest a precision the runs do not have. A table column
 * passes one number of decimals for all its cells.
 */
final class StatText {
    static final String PLUS_MINUS = " ± ";
    private static final int MAX_DECIMALS = 6;

    private StatText() {}

    /** "mean ± sd", or the mean alone for a single run, with the decimals the statistic needs. */
    static String format(Stat stat) {
        return format(stat, decimals(stat));
    }

    /** "mean ± sd", or the mean alone for a single run, with the given decimals. */
    static String format(Stat stat, int decimals) {
        String mean = fixed(stat.mean(), decimals);
        return stat.hasSpread() ? mean + PLUS_MINUS + fixed(stat.sd(), decimals) : mean;
    }

    /** The decimals that give the larger of |mean| and sd three significant digits. */
    static int decimals(Stat stat) {
        return decimals(Math.max(Math.abs(stat.mean()), stat.sd()));
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
