package ai.sail.report;

/**
 * The plotting area of a chart and everything around it: title, grid, axes, ticks and axis titles.
 * It maps data values to pixels. The line chart and the scatter plot share it so that both read the
 * same way and a fix to the axes reaches both.
 */
final class PlotFrame {
    static final String INK = "#222";
    private static final String MUTED = "#555";
    private static final String GRID = "#e6e6e6";
    private static final String ZERO = "#9a9a9a";
    private static final int TICK = 4;

    private final NiceScale x;
    private final NiceScale y;
    private final double left;
    private final double top;
    private final double right;
    private final double bottom;

    /** A frame whose plotting area spans {@code left..right} by {@code top..bottom} pixels. */
    PlotFrame(NiceScale x, NiceScale y, double left, double top, double right, double bottom) {
        if (!(right > left && bottom > top)) {
            throw new IllegalArgumentException("empty plotting area");
        }
        this.x = x;
        this.y = y;
        this.left = left;
        this.top = top;
        this.right = right;
        this.bottom = bottom;
    }

    double px(double value) {
        return left + x.fraction(value) * (right - left);
    }

    double py(double value) {
        return bottom - y.fraction(value) * (bottom - top);
    }

    double left() {
        return left;
    }

    double top() {
        return top;
    }

    double right() {
        return right;
    }

    double bottom() {
        return bottom;
    }

    /** Title, grid, zero line, axes with ticks and tick labels, and the axis titles. */
    void draw(SvgBuilder svg, ChartLabels labels) {
        svg.element("text", labels.title(), "x", left, "y", top - 18, "font-size", 15, "font-weight", 600, "fill", INK);
        for (double tick : y.ticks()) {
            double py = py(tick);
            svg.empty("line", "x1", left, "y1", py, "x2", right, "y2", py, "stroke", GRID);
            svg.empty("line", "x1", left - TICK, "y1", py, "x2", left, "y2", py, "stroke", MUTED);
            svg.element("text", y.label(tick), "x", left - TICK - 3, "y", py + 4, "text-anchor", "end", "fill", MUTED);
        }
        for (double tick : x.ticks()) {
            double px = px(tick);
            svg.empty("line", "x1", px, "y1", top, "x2", px, "y2", bottom, "stroke", GRID);
            svg.empty("line", "x1", px, "y1", bottom, "x2", px, "y2", bottom + TICK, "stroke", MUTED);
            svg.element("text", x.label(tick), "x", px, "y", bottom + TICK + 13, "text-anchor", "middle", "fill", MUTED);
        }
        if (y.min() < 0 && y.max() > 0) {
            svg.empty("line", "x1", left, "y1", py(0), "x2", right, "y2", py(0), "stroke", ZERO, "stroke-dasharray", "4 3");
        }
        svg.empty("line", "x1", left, "y1", top, "x2", left, "y2", bottom, "stroke", MUTED);
        svg.empty("line", "x1", left, "y1", bottom, "x2", right, "y2", bottom, "stroke", MUTED);
        svg.element("text", labels.xLabel(), "x", (left + right) / 2, "y", bottom + 38, "text-anchor", "middle",
                "fill", INK);
        double midY = (top + bottom) / 2;
        svg.element("text", labels.yLabel(), "x", 16, "y", midY, "text-anchor", "middle", "fill", INK,
                "transform", "rotate(-90 16 " + SvgBuilder.number(midY) + ")");
    }
}
