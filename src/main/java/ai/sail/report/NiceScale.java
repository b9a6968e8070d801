package ai.sail.report;

import java.util.Locale;

/**
 * An axis range widened outwards to round tick values, so a reader can interpolate between ticks.
 *
 * <p>The rule: the step is the smallest number of the form 1, 2 or 5 times a power of ten for which
 * the data range, widened outwards to multiples of the step, is at most {@code maxIntervals} steps
 * long. The axis then runs from the first to the last of those multiples. So 0..1 gives ticks 0, 0.2,
 * ..., 1 (step 0.1 would need 10 intervals), and -3.7..12 gives -5, 0, 5, 10, 15 (step 2 would need
 * 8). Integer axes (training steps) never take a step below 1. A range of one value is widened by
 * 10% of the value each way (by 1 around zero) so it still has an axis; with no finite data at all
 * the axis is 0..1.
 *
 * <p>Charts size their axes with an {@link Extent}: it is fed every value that will be drawn
 * (including error bars and bands) and nothing that is skipped, so NaN never widens an axis.
 *
 * @param decimals digits after the decimal point that tick labels need to tell the ticks apart
 */
public record NiceScale(double min, double max, double step, int decimals) {
    public static final int DEFAULT_INTERVALS = 6;
    private static final int[] MANTISSAS = {1, 2, 5};
    private static final double SLACK = 1e-9;

    public NiceScale {
        if (!(Double.isFinite(min) && Double.isFinite(max) && max > min && step > 0 && decimals >= 0)) {
            throw new IllegalArgumentException("not an axis: min " + min + ", max " + max + ", step " + step);
        }
    }

    public static NiceScale of(double lo, double hi) {
        return of(lo, hi, DEFAULT_INTERVALS, false);
    }

    /** The scale covering {@code lo..hi}; non-finite bounds are ignored (both non-finite: 0..1). */
    public static NiceScale of(double lo, double hi, int maxIntervals, boolean integerSteps) {
        if (maxIntervals < 1) {
            throw new IllegalArgumentException("maxIntervals must be at least 1, got " + maxIntervals);
        }
        if (!Double.isFinite(lo) && !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        } else if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = hi = Double.isFinite(lo) ? lo : hi;
        }
        double low = Math.min(lo, hi);
        double high = Math.max(lo, hi);
        if (high - low <= SLACK * Math.max(1, Math.abs(low))) {
            double pad = low == 0 ? 1 : Math.abs(low) * 0.1;
            low -= pad;
            high += pad;
        }
        int exponent = (int) Math.floor(Math.log10((high - low) / maxIntervals)) - 1;
        if (integerSteps) {
            exponent = Math.max(exponent, 0);
        }
        for (;; exponent++) {
            double power = Math.pow(10, exponent);
            for (int mantissa : MANTISSAS) {
                double step = mantissa * power;
                long first = (long) Math.floor(low / step + SLACK);
                long last = (long) Math.ceil(high / step - SLACK);
                if (last - first <= maxIntervals) {
                    return new NiceScale(first * step, Math.max(last, first + 1) * step, step, Math.max(0, -exponent));
                }
            }
        }
    }

    /** The tick values from {@link #min} to {@link #max}, each computed from its index (no drift). */
    public double[] ticks() {
        long first = Math.round(min / step);
        int count = (int) Math.round((max - min) / step) + 1;
        double[] ticks = new double[count];
        for (int i = 0; i < count; i++) {
            ticks[i] = (first + i) * step + 0.0; // + 0.0 turns -0.0 into 0.0
        }
        return ticks;
    }

    /** A tick value as text, with as many decimals as the step needs ("0.2", not "0.20000000000000001"). */
    public String label(double tick) {
        double value = Math.abs(tick) < step * SLACK ? 0.0 : tick;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Where {@code value} lies on the axis: 0 at {@link #min}, 1 at {@link #max}. */
    public double fraction(double value) {
        return (value - min) / (max - min);
    }

    /** The smallest and largest finite values seen, for sizing an axis. */
    static final class Extent {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        void include(double value) {
            if (Double.isFinite(value)) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }

        /** Includes {@code value - spread} and {@code value + spread} when the spread is known. */
        void include(double value, double spread) {
            include(value);
            if (Double.isFinite(value) && Double.isFinite(spread)) {
                include(value - spread);
                include(value + spread);
            }
        }

        /** The axis covering what was seen; 0..1 when nothing finite was. */
        NiceScale scale(boolean integerSteps) {
            return min > max ? NiceScale.of(0, 1, DEFAULT_INTERVALS, integerSteps)
                    : NiceScale.of(min, max, DEFAULT_INTERVALS, integerSteps);
        }
    }
}
