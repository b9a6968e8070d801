package ai.sail.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts point labels where they overlap the least. Methods often end close together on the
 * reward-vs-KL plot, and labels written on top of each other cannot be read. Each label tries eight
 * spots around its point (right first) and takes the one that covers the least of the labels and
 * markers already placed and stays inside the chart; ties go to the earlier spot. Text width is
 * estimated from the character count, which is close enough for short method names.
 */
final class LabelPlacer {
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
