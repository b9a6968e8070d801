package ai.sail.report;

/**
 * The smallest and largest finite values seen, for sizing an axis. Charts feed it every value they
 * will draw (including error bars and bands) and nothing they skip, so NaN never widens an axis.
 */
final class Extent {
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
        return min > max ? NiceScale.of(0, 1, NiceScale.DEFAULT_INTERVALS, integerSteps)
                : NiceScale.of(min, max, NiceScale.DEFAULT_INTERVALS, integerSteps);
    }
}
