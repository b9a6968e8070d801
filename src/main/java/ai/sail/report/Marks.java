package ai.sail.report;

/**
 * The marks both charts draw, drawn one way: a data point (with its exact value as a hover tooltip,
 * which needs no script) and an error bar with end caps.
 */
final class Marks {
    private static final double CAP = 4;

    private Marks() {}

    static void point(SvgBuilder svg, double px, double py, double radius, String colour, String tooltip) {
        svg.open("circle", "cx", px, "cy", py, "r", radius, "fill", colour, "stroke", "#fff", "stroke-width", 1);
        svg.element("title", tooltip);
        svg.close("circle");
    }

    /** A vertical bar from {@code pyLow} to {@code pyHigh} at {@code px}. */
    static void verticalBar(SvgBuilder svg, double px, double pyLow, double pyHigh, String colour) {
        svg.empty("line", "x1", px, "y1", pyLow, "x2", px, "y2", pyHigh, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", px - CAP, "y1", pyLow, "x2", px + CAP, "y2", pyLow, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", px - CAP, "y1", pyHigh, "x2", px + CAP, "y2", pyHigh, "stroke", colour, "stroke-width", 1.5);
    }

    /** A horizontal bar from {@code pxLow} to {@code pxHigh} at {@code py}. */
    static void horizontalBar(SvgBuilder svg, double pxLow, double pxHigh, double py, String colour) {
        svg.empty("line", "x1", pxLow, "y1", py, "x2", pxHigh, "y2", py, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", pxLow, "y1", py - CAP, "x2", pxLow, "y2", py + CAP, "stroke", colour, "stroke-width", 1.5);
        svg.empty("line", "x1", pxHigh, "y1", py - CAP, "x2", pxHigh, "y2", py + CAP, "stroke", colour, "stroke-width", 1.5);
    }
}
