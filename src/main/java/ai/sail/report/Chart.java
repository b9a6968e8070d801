package ai.sail.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The report's charts as inline SVG elements: line charts ({@link #line}) and scatter plots
 * ({@link #scatter}). They are drawn in Java so the report needs no plotting library and no script,
 * and opens anywhere without a network. Both kinds share one frame (title, grid, zero line, axes with
 * nice ticks, axis titles) and one set of marks (a point carrying its exact value as a hover tooltip,
 * which needs no script, and error bars with end caps), so they read the same way and a fix to the
 * axes reaches both. An instance is one chart being drawn: its axes, its plotting area and its markup.
 *
 * <p>A line chart has one line per series, an optional shaded ±sd band and a legend on the right.
 * Missing values are skipped, not guessed: a point whose x or y is NaN breaks the line into separate
 * pieces, and a band is drawn only where the sd is known (at a lone point, as an error bar). A series
 * of one point, or a lone point between gaps, shows as a dot. The x axis uses whole-number ticks when
 * every x is a whole number (steps).
 *
 * <p>A scatter plot has one labelled point per item, with horizontal and vertical error bars where a
 * spread is known. The report uses it for the trade-off between the gold reward a method reaches and
 * how far (KL) it moved from the base model, which a table hides and two separate curves make hard to
 * compare. Points are labelled on the chart rather than in a legend, so a reader need not match
 * colours; labels are placed to avoid each other ({@link LabelPlacer}). A point with a NaN coordinate
 * is skipped.
 */
final class Chart {
    static final double WIDTH = 860;
    static final double LINE_HEIGHT = 360;
    static final double SCATTER_HEIGHT = 400;
    private static final double LEFT = 70;
    private static final double TOP = 44;
    private static final double BOTTOM = 52;
    /** Right of a line chart's plotting area: room for the legend. */
    private static final double LEGEND_WIDTH = 170;
    /** Right of a scatter plot's plotting area: room for labels of points at the right edge. */
    private static final double SCATTER_RIGHT = 40;
    /** Up to this many points a line marks every point (for tooltips); beyond, only lone points. */
    private static final int MARKED_POINTS = 40;
    private static final int LEGEND_CHARS = 22;
    private static final double SCATTER_RADIUS = 5;
    private static final double CAP = 4;
    private static final int TICK = 4;
    private static final String INK = "#222";
    private static final String MUTED = "#555";
    private static final String GRID = "#e6e6e6";
    private static final String ZERO = "#9a9a9a";

    /** The words on a chart: its title and what each axis measures. */
    record Labels(String title, String xLabel, String yLabel) {
        Labels {
            ComparisonReport.requireNonBlank(title, "chart title");
            ComparisonReport.requireNonBlank(xLabel, "x axis label");
            ComparisonReport.requireNonBlank(yLabel, "y axis label");
        }
    }

    /** One line: {@code sd} may be null, and any entry of y or sd may be NaN (skipped). Arrays are copied in. */
    record Series(String name, String colour, double[] x, double[] y, double[] sd) {
        Series {
            ComparisonReport.requireNonBlank(name, "series name");
            ComparisonReport.requireNonBlank(colour, "series colour");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            if (x.length != y.length || (sd != null && sd.length != x.length)) {
                throw new IllegalArgumentException("series " + name + ": x, y and sd must have one length");
            }
            x = x.clone();
            y = y.clone();
            sd = sd == null ? null : sd.clone();
        }

        boolean drawable(int i) {
            return Double.isFinite(x[i]) && Double.isFinite(y[i]);
        }

        boolean hasSpread(int i) {
            return drawable(i) && sd != null && Double.isFinite(sd[i]) && sd[i] > 0;
        }
    }

    /** One point of a scatter plot; an error of NaN or 0 means none is drawn. */
    record Point(String label, String colour, double x, double y, double xError, double yError) {
        Point {
            ComparisonReport.requireNonBlank(label, "point label");
            ComparisonReport.requireNonBlank(colour, "point colour");
        }

        boolean drawable() {
            return Double.isFinite(x) && Double.isFinite(y);
        }

        static boolean known(double error) {
            return Double.isFinite(error) && error > 0;
        }
    }

    private final Labels labels;
    private final NiceScale x;
    private final NiceScale y;
    private final double left = LEFT;
    private final double top = TOP;
    private final double right;
    private final double bottom;
    private final SvgWriter svg;

    /** A chart {@link #WIDTH} by {@code height} whose plotting area ends at {@code right}; draws the frame. */
    private Chart(Labels labels, NiceScale x, NiceScale y, double right, double height) {
        this.labels = Objects.requireNonNull(labels, "labels");
        this.x = x;
        this.y = y;
        this.right = right;
        this.bottom = height - BOTTOM;
        if (!(right > left && bottom > top)) {
            throw new IllegalArgumentException("empty plotting area");
        }
        svg = new SvgWriter(WIDTH, height, labels.title());
        drawFrame();
    }

    /** A line chart of the series as an {@code <svg>} element. */
    static String line(Labels labels, List<Series> series) {
        NiceScale.Extent xs = new NiceScale.Extent();
        NiceScale.Extent ys = new NiceScale.Extent();
        boolean wholeX = true;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (s.drawable(i)) {
                    xs.include(s.x()[i]);
                    ys.include(s.y()[i], s.hasSpread(i) ? s.sd()[i] : Double.NaN);
                    wholeX &= s.x()[i] == Math.rint(s.x()[i]);
                }
            }
        }
        Chart chart = new Chart(labels, xs.scale(wholeX), ys.scale(false), WIDTH - LEGEND_WIDTH, LINE_HEIGHT);
        series.forEach(chart::drawSpread);
        series.forEach(chart::drawLine);
        series.forEach(chart::drawPoints);
        chart.drawLegend(series);
        return chart.svg.finish();
    }

    /** A scatter plot of the points as an {@code <svg>} element. */
    static String scatter(Labels labels, List<Point> points) {
        List<Point> drawn = points.stream().filter(Point::drawable).toList();
        NiceScale.Extent xs = new NiceScale.Extent();
        NiceScale.Extent ys = new NiceScale.Extent();
        for (Point p : drawn) {
            xs.include(p.x(), p.xError());
            ys.include(p.y(), p.yError());
        }
        Chart chart = new Chart(labels, xs.scale(false), ys.scale(false), WIDTH - SCATTER_RIGHT, SCATTER_HEIGHT);
        for (Point p : drawn) {
            if (Point.known(p.xError())) {
                chart.horizontalBar(chart.px(p.x() - p.xError()), chart.px(p.x() + p.xError()), chart.py(p.y()), p.colour());
            }
            if (Point.known(p.yError())) {
                chart.verticalBar(chart.px(p.x()), chart.py(p.y() - p.yError()), chart.py(p.y() + p.yError()), p.colour());
            }
        }
        LabelPlacer placer = new LabelPlacer(chart.left, chart.top, WIDTH, chart.bottom);
        drawn.forEach(p -> placer.reserveMarker(chart.px(p.x()), chart.py(p.y()), SCATTER_RADIUS + 2));
        for (Point p : drawn) {
            double px = chart.px(p.x());
            double py = chart.py(p.y());
            chart.point(px, py, SCATTER_RADIUS, p.colour(), p.label() + ": " + labels.xLabel() + " "
                    + Stat.format(p.x(), p.xError()) + ", " + labels.yLabel() + " " + Stat.format(p.y(), p.yError()));
            LabelPlacer.Placement at = placer.place(px, py, p.label());
            chart.svg.element("text", p.label(), "x", at.x(), "y", at.y(), "text-anchor", at.anchor(), "fill", INK,
                    "paint-order", "stroke", "stroke", "#fff", "stroke-width", 3, "stroke-linejoin", "round");
        }
        return chart.svg.finish();
    }

    private double px(double value) {
        return left + x.fraction(value) * (right - left);
    }

    private double py(double value) {
        return bottom - y.fraction(value) * (bottom - top);
    }

    // ---- the frame

    /** Title, grid, zero line, axes with ticks and tick labels, and the axis titles. */
    private void drawFrame() {
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
                "transform", "rotate(-90 16 " + SvgWriter.number(midY) + ")");
    }

    // ---- the marks

    /** A data point with its exact value as a hover tooltip. */
    private void point(double px, double py, double radius, String colour, String tooltip) {
        svg.open("circle", "cx", px, "cy", py, "r", radius, "fill", colour, "stroke", "#fff", "stroke-width", 1);
        svg.element("title", tooltip);
        svg.close("circle");
    }

    /** A vertical error bar from {@code pyLow} to {@code pyHigh} at {@code px}, with end caps. */
    private void verticalBar(double px, double pyLow, double pyHigh, String colour) {
        svg.empty("line", "x1", px, "y1", pyLow, "x2", px, "y2", pyHigh, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", px - CAP, "y1", pyLow, "x2", px + CAP, "y2", pyLow, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", px - CAP, "y1", pyHigh, "x2", px + CAP, "y2", pyHigh, "stroke", colour, "stroke-width", 1.5);
    }

    /** A horizontal error bar from {@code pxLow} to {@code pxHigh} at {@code py}, with end caps. */
    private void horizontalBar(double pxLow, double pxHigh, double py, String colour) {
        svg.empty("line", "x1", pxLow, "y1", py, "x2", pxHigh, "y2", py, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", pxLow, "y1", py - CAP, "x2", pxLow, "y2", py + CAP, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", pxHigh, "y1", py - CAP, "x2", pxHigh, "y2", py + CAP, "stroke", colour, "stroke-width", 1.5);
    }

    // ---- line charts

    private void drawSpread(Series s) {
        for (int[] run : runs(s.x().length, s::hasSpread)) {
            if (run[0] == run[1]) {
                int i = run[0];
                verticalBar(px(s.x()[i]), py(s.y()[i] - s.sd()[i]), py(s.y()[i] + s.sd()[i]), s.colour());
                continue;
            }
            StringBuilder points = new StringBuilder();
            for (int i = run[0]; i <= run[1]; i++) {
                appendPoint(points, px(s.x()[i]), py(s.y()[i] + s.sd()[i]));
            }
            for (int i = run[1]; i >= run[0]; i--) {
                appendPoint(points, px(s.x()[i]), py(s.y()[i] - s.sd()[i]));
            }
            svg.empty("polygon", "points", points.toString().strip(), "fill", s.colour(), "fill-opacity", 0.15,
                    "stroke", "none");
        }
    }

    /**
     * A variant arm ({@code method:key=value}, a method with options of its own) is drawn dashed, so that
     * it reads as a variant of a method drawn solid even when the ten colours run out.
     */
    private static String dashes(Series s) {
        return s.name().contains(":") ? "7 4" : "none";
    }

    private void drawLine(Series s) {
        StringBuilder path = new StringBuilder();
        for (int[] run : runs(s.x().length, s::drawable)) {
            if (run[0] < run[1]) {
                for (int i = run[0]; i <= run[1]; i++) {
                    path.append(i == run[0] ? 'M' : 'L');
                    appendPoint(path, px(s.x()[i]), py(s.y()[i]));
                }
            }
        }
        if (!path.isEmpty()) {
            svg.empty("path", "d", path.toString().strip(), "fill", "none", "stroke", s.colour(), "stroke-width", 2,
                    "stroke-linejoin", "round", "stroke-linecap", "round", "stroke-dasharray", dashes(s));
        }
    }

    /** Every point when there are few (for tooltips), otherwise only the lone points a line cannot show. */
    private void drawPoints(Series s) {
        boolean all = s.x().length <= MARKED_POINTS;
        for (int[] run : runs(s.x().length, s::drawable)) {
            for (int i = run[0]; i <= run[1]; i++) {
                if (all || run[0] == run[1]) {
                    String value = Stat.format(s.y()[i], s.sd() == null ? Double.NaN : s.sd()[i]);
                    point(px(s.x()[i]), py(s.y()[i]), run[0] == run[1] ? 4 : 3, s.colour(),
                            s.name() + ", " + labels.xLabel() + " " + Stat.format(s.x()[i], Double.NaN) + ": " + value);
                }
            }
        }
    }

    private void drawLegend(List<Series> series) {
        double lx = right + 20;
        double ly = top + 6;
        for (Series s : series) {
            svg.empty("line", "x1", lx, "y1", ly, "x2", lx + 22, "y2", ly, "stroke", s.colour(), "stroke-width", 3,
                    "stroke-linecap", "round", "stroke-dasharray", dashes(s));
            String name = s.name().length() > LEGEND_CHARS ? s.name().substring(0, LEGEND_CHARS - 1) + "…" : s.name();
            svg.open("text", "x", lx + 30, "y", ly + 4, "fill", INK);
            svg.element("title", s.name());
            svg.element("tspan", name);
            svg.close("text");
            ly += 20;
        }
    }

    private static void appendPoint(StringBuilder out, double px, double py) {
        out.append(SvgWriter.number(px)).append(',').append(SvgWriter.number(py)).append(' ');
    }

    /** Maximal runs {start, end} (inclusive) of consecutive indices that satisfy {@code ok}. */
    static List<int[]> runs(int length, IntPredicate ok) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= length; i++) {
            boolean in = i < length && ok.test(i);
            if (in && start < 0) {
                start = i;
            } else if (!in && start >= 0) {
                runs.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        return runs;
    }

    // ---- scatter labels

    /**
     * Puts point labels where they overlap the least. Methods often end close together on the
     * reward-vs-KL plot, and labels written on top of each other cannot be read. Each label tries eight
     * spots around its point (right first) and takes the one that covers the least of the labels and
     * markers already placed and stays inside the chart; ties go to the earlier spot. Text width is
     * estimated from the character count, which is close enough for short method names.
     */
    static final class LabelPlacer {
        private static final double CHAR_WIDTH = 6.8;
        private static final double ASCENT = 10;
        private static final double DESCENT = 3;
        private static final double[][] SPOTS = { // dx, dy of the baseline anchor; anchor: 0 start, 1 middle, 2 end
            {8, 4, 0}, {-8, 4, 2}, {0, -9, 1}, {0, 17, 1}, {6, -7, 0}, {6, 15, 0}, {-6, -7, 2}, {-6, 15, 2}};
        private static final String[] ANCHORS = {"start", "middle", "end"};

        /** Where a label's text goes: its baseline point and text-anchor. */
        record Placement(double x, double y, String anchor) {}

        private record Box(double x0, double y0, double x1, double y1) {
            double overlap(Box o) {
                double w = Math.min(x1, o.x1) - Math.max(x0, o.x0);
                double h = Math.min(y1, o.y1) - Math.max(y0, o.y0);
                return w > 0 && h > 0 ? w * h : 0;
            }

            double area() {
                return (x1 - x0) * (y1 - y0);
            }
        }

        private final Box bounds;
        private final List<Box> taken = new ArrayList<>();

        LabelPlacer(double left, double top, double right, double bottom) {
            bounds = new Box(left, top, right, bottom);
        }

        /** Marks the area around a point's marker as taken, so no label covers a point. */
        void reserveMarker(double px, double py, double radius) {
            taken.add(new Box(px - radius, py - radius, px + radius, py + radius));
        }

        Placement place(double px, double py, String text) {
            double width = text.length() * CHAR_WIDTH;
            Placement best = null;
            Box bestBox = null;
            double bestCost = Double.POSITIVE_INFINITY;
            for (double[] spot : SPOTS) {
                double x = px + spot[0];
                double y = py + spot[1];
                int anchor = (int) spot[2];
                double x0 = x - width * anchor / 2.0;
                Box box = new Box(x0, y - ASCENT, x0 + width, y + DESCENT);
                double cost = box.area() - box.overlap(bounds); // outside the chart weighs like any overlap
                for (Box other : taken) {
                    cost += box.overlap(other);
                }
                if (cost < bestCost) {
                    bestCost = cost;
                    best = new Placement(x, y, ANCHORS[anchor]);
                    bestBox = box;
                }
            }
            taken.add(bestBox);
            return best;
        }
    }
}
