package ai.sail.report;

import java.util.List;
import java.util.Objects;

/**
 * A scatter plot as an inline SVG element: one labelled point per item, with horizontal and vertical
 * error bars where a spread is known. The report uses it for the trade-off between the gold reward a
 * method reaches and how far (KL) it moved from the base model, which a table hides and two separate
 * curves make hard to compare. Points are labelled on the chart rather than in a legend, so a
 * reader need not match colours; labels are placed to avoid each other. A point with a NaN
 * coordinate is skipped.
 */
public final class SvgScatterPlot {
    static final double WIDTH = 860;
    static final double HEIGHT = 400;
    private static final double LEFT = 70;
    private static final double TOP = 44;
    private static final double RIGHT = 40;
    private static final double BOTTOM = 52;
    private static final double RADIUS = 5;

    /** One point; an error of NaN or 0 means none is drawn. */
    public record Point(String label, String colour, double x, double y, double xError, double yError) {
        public Point {
            Validation.requireNonBlank(label, "point label");
            Validation.requireNonBlank(colour, "point colour");
        }

        boolean drawable() {
            return Double.isFinite(x) && Double.isFinite(y);
        }

        static boolean known(double error) {
            return Double.isFinite(error) && error > 0;
        }
    }

    private final ChartLabels labels;

    public SvgScatterPlot(ChartLabels labels) {
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    /** The chart as an {@code <svg>} element. */
    public String render(List<Point> points) {
        List<Point> drawn = points.stream().filter(Point::drawable).toList();
        Extent xs = new Extent();
        Extent ys = new Extent();
        for (Point p : drawn) {
            xs.include(p.x(), p.xError());
            ys.include(p.y(), p.yError());
        }
        PlotFrame frame = new PlotFrame(xs.scale(false), ys.scale(false), LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM);
        SvgBuilder svg = new SvgBuilder(WIDTH, HEIGHT, labels.title());
        frame.draw(svg, labels);
        for (Point p : drawn) {
            if (Point.known(p.xError())) {
                double py = frame.py(p.y());
                Marks.horizontalBar(svg, frame.px(p.x() - p.xError()), frame.px(p.x() + p.xError()), py, p.colour());
            }
            if (Point.known(p.yError())) {
                Marks.verticalBar(svg, frame.px(p.x()), frame.py(p.y() - p.yError()), frame.py(p.y() + p.yError()), p.colour());
            }
        }
        LabelPlacer placer = new LabelPlacer(frame.left(), frame.top(), WIDTH, frame.bottom());
        drawn.forEach(p -> placer.reserveMarker(frame.px(p.x()), frame.py(p.y()), RADIUS + 2));
        for (Point p : drawn) {
            double px = frame.px(p.x());
            double py = frame.py(p.y());
            Marks.point(svg, px, py, RADIUS, p.colour(), p.label() + ": " + labels.xLabel() + " "
                    + StatText.format(p.x(), p.xError()) + ", " + labels.yLabel() + " " + StatText.format(p.y(), p.yError()));
            LabelPlacer.Placement at = placer.place(px, py, p.label());
            svg.element("text", p.label(), "x", at.x(), "y", at.y(), "text-anchor", at.anchor(), "fill", PlotFrame.INK,
                    "paint-order", "stroke", "stroke", "#fff", "stroke-width", 3, "stroke-linejoin", "round");
        }
        return svg.finish();
    }
}
