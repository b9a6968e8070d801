package ai.sail.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A line chart as an inline SVG element: one line per series, an optional shaded ±sd band, a legend
 * on the right, nice ticks on both axes. It is drawn in Java so the report needs no plotting library
 * and no script, and opens anywhere without a network.
 *
 * <p>Missing values are skipped, not guessed: a point whose x or y is NaN breaks the line into
 * separate pieces, and a band is drawn only where the sd is known (at a lone point, as an error bar).
 * A series of one point, or a lone point between gaps, shows as a dot. Every point carries its value
 * as a hover tooltip. The x axis uses whole-number ticks when every x is a whole number (steps).
 */
public final class SvgLineChart {
    static final double WIDTH = 860;
    static final double HEIGHT = 360;
    private static final double LEFT = 70;
    private static final double TOP = 44;
    private static final double LEGEND_WIDTH = 170;
    private static final double BOTTOM = 52;
    private static final int MARKED_POINTS = 40;
    private static final int LEGEND_CHARS = 22;

    /** One line: {@code sd} may be null, and any entry of y or sd may be NaN (skipped). Arrays are copied in. */
    public record Series(String name, String colour, double[] x, double[] y, double[] sd) {
        public Series {
            Validation.requireNonBlank(name, "series name");
            Validation.requireNonBlank(colour, "series colour");
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

    private final ChartLabels labels;

    public SvgLineChart(ChartLabels labels) {
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    /** The chart as an {@code <svg>} element. */
    public String render(List<Series> series) {
        Extent xs = new Extent();
        Extent ys = new Extent();
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
        PlotFrame frame = new PlotFrame(xs.scale(wholeX), ys.scale(false), LEFT, TOP, WIDTH - LEGEND_WIDTH, HEIGHT - BOTTOM);
        SvgBuilder svg = new SvgBuilder(WIDTH, HEIGHT, labels.title());
        frame.draw(svg, labels);
        series.forEach(s -> drawSpread(svg, frame, s));
        series.forEach(s -> drawLine(svg, frame, s));
        series.forEach(s -> drawPoints(svg, frame, s));
        drawLegend(svg, frame, series);
        return svg.finish();
    }

    private static void drawSpread(SvgBuilder svg, PlotFrame frame, Series s) {
        for (int[] run : runs(s.x().length, s::hasSpread)) {
            if (run[0] == run[1]) {
                int i = run[0];
                double px = frame.px(s.x()[i]);
                Marks.verticalBar(svg, px, frame.py(s.y()[i] - s.sd()[i]), frame.py(s.y()[i] + s.sd()[i]), s.colour());
                continue;
            }
            StringBuilder points = new StringBuilder();
            for (int i = run[0]; i <= run[1]; i++) {
                appendPoint(points, frame.px(s.x()[i]), frame.py(s.y()[i] + s.sd()[i]));
            }
            for (int i = run[1]; i >= run[0]; i--) {
                appendPoint(points, frame.px(s.x()[i]), frame.py(s.y()[i] - s.sd()[i]));
            }
            svg.empty("polygon", "points", points.toString().strip(), "fill", s.colour(), "fill-opacity", 0.15,
                    "stroke", "none");
        }
    }

    private static void drawLine(SvgBuilder svg, PlotFrame frame, Series s) {
        StringBuilder path = new StringBuilder();
        for (int[] run : runs(s.x().length, s::drawable)) {
            if (run[0] < run[1]) {
                for (int i = run[0]; i <= run[1]; i++) {
                    path.append(i == run[0] ? 'M' : 'L');
                    appendPoint(path, frame.px(s.x()[i]), frame.py(s.y()[i]));
                }
            }
        }
        if (!path.isEmpty()) {
            svg.empty("path", "d", path.toString().strip(), "fill", "none", "stroke", s.colour(), "stroke-width", 2,
                    "stroke-linejoin", "round", "stroke-linecap", "round");
        }
    }

    /** Every point when there are few (for tooltips), otherwise only the lone points a line cannot show. */
    private void drawPoints(SvgBuilder svg, PlotFrame frame, Series s) {
        boolean all = s.x().length <= MARKED_POINTS;
        for (int[] run : runs(s.x().length, s::drawable)) {
            for (int i = run[0]; i <= run[1]; i++) {
                if (all || run[0] == run[1]) {
                    String value = StatText.format(s.y()[i], s.sd() == null ? Double.NaN : s.sd()[i]);
                    Marks.point(svg, frame.px(s.x()[i]), frame.py(s.y()[i]), run[0] == run[1] ? 4 : 3, s.colour(),
                            s.name() + ", " + labels.xLabel() + " " + StatText.format(s.x()[i], Double.NaN) + ": " + value);
                }
            }
        }
    }

    private static void drawLegend(SvgBuilder svg, PlotFrame frame, List<Series> series) {
        double x = frame.right() + 20;
        double y = frame.top() + 6;
        for (Series s : series) {
            svg.empty("line", "x1", x, "y1", y, "x2", x + 22, "y2", y, "stroke", s.colour(), "stroke-width", 3,
                    "stroke-linecap", "round");
            String name = s.name().length() > LEGEND_CHARS ? s.name().substring(0, LEGEND_CHARS - 1) + "…" : s.name();
            svg.open("text", "x", x + 30, "y", y + 4, "fill", PlotFrame.INK);
            svg.element("title", s.name());
            svg.element("tspan", name);
            svg.close("text");
            y += 20;
        }
    }

    private static void appendPoint(StringBuilder out, double px, double py) {
        out.append(SvgBuilder.number(px)).append(',').append(SvgBuilder.number(py)).append(' ');
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
}
