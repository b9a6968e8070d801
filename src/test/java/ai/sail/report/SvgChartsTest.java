package ai.sail.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartsTest {
    private static final Chart.Labels LABELS = new Chart.Labels("Gold reward during training", "training step", "Gold reward");
    private static final double NAN = Double.NaN;

    private static Document line(Chart.Series... series) {
        return Svg.parse(Chart.line(LABELS, List.of(series)));
    }

    private static List<String> texts(Document doc) {
        NodeList nodes = doc.getElementsByTagName("text");
        return IntStream.range(0, nodes.getLength())
                .mapToObj(i -> nodes.item(i).getTextContent().replaceAll("\\s+", " ").strip()).toList();
    }

    @Test
    void drawsAxesTicksLabelsAndLegend() {
        Document doc = line(new Chart.Series("dpo", "#4e79a7", new double[] {0, 10, 20}, new double[] {0, 0.5, 1}, null),
                new Chart.Series("sail-pp", "#f28e2b", new double[] {0, 10, 20}, new double[] {0, 0.2, 0.4}, null));
        assertThat(texts(doc)).contains("Gold reward during training", "training step", "Gold reward",
                "0.0", "0.2", "1.0", "0", "5", "20", "dpo dpo", "sail-pp sail-pp"); // legend: tooltip + name
        assertThat(Svg.count(doc, "path")).isEqualTo(2);
        assertThat(Svg.count(doc, "circle")).isEqualTo(6);
    }

    @Test
    void aVariantArmIsDrawnDashedAndAMethodSolid() {
        Document doc = line(new Chart.Series("sail-pr", "#000", new double[] {0, 1}, new double[] {0, 1}, null),
                new Chart.Series("sail-pr:sail-preset=authors", "#111", new double[] {0, 1}, new double[] {0, 2}, null));
        NodeList paths = doc.getElementsByTagName("path");
        assertThat(((Element) paths.item(0)).getAttribute("stroke-dasharray")).isEqualTo("none");
        assertThat(((Element) paths.item(1)).getAttribute("stroke-dasharray")).isEqualTo("7 4");
    }

    @Test
    void nanBreaksTheLineAndALonePointBecomesADot() {
        Document doc = line(new Chart.Series("dpo", "#000", new double[] {0, 1, 2, 3, 4},
                new double[] {1, 2, NAN, 3, NAN}, null));
        Element path = (Element) doc.getElementsByTagName("path").item(0);
        assertThat(path.getAttribute("d")).startsWith("M").doesNotContain("NaN");
        assertThat(path.getAttribute("d").chars().filter(c -> c == 'M')).hasSize(1); // 0..1 only; 3 is alone
        assertThat(Svg.count(doc, "circle")).isEqualTo(3);
    }

    @Test
    void singlePointAndEqualValuesStillDraw() {
        Document doc = line(new Chart.Series("base", "#000", new double[] {0}, new double[] {-0.2}, new double[] {0}));
        assertThat(Svg.count(doc, "path")).isZero();
        assertThat(Svg.count(doc, "circle")).isEqualTo(1);
        Document flat = line(new Chart.Series("base", "#000", new double[] {0, 5, 10}, new double[] {2, 2, 2}, null));
        assertThat(Svg.count(flat, "path")).isEqualTo(1);
        assertThat(texts(flat)).contains("2.0");
    }

    @Test
    void bandsFollowKnownSdAndLoneSdBecomesAnErrorBar() {
        Document doc = line(new Chart.Series("dpo", "#000", new double[] {0, 1, 2, 3, 4},
                new double[] {-1, -2, -3, -4, -5}, new double[] {0.1, 0.1, NAN, 0.2, NAN}));
        assertThat(Svg.count(doc, "polygon")).isEqualTo(1); // steps 0..1; step 3 alone
        assertThat(texts(doc)).contains("-5", "-1").doesNotContain("-0");
        assertThat(Svg.count(doc, "line")).isGreaterThan(3);
    }

    @Test
    void emptyAndAllMissingInputsGiveAnEmptyFrame() {
        Svg.parse(Chart.line(LABELS, List.of()));
        Document doc = line(new Chart.Series("dpo", "#000", new double[] {0, 1}, new double[] {NAN, NAN}, null));
        assertThat(Svg.count(doc, "path") + Svg.count(doc, "circle")).isZero();
        Svg.parse(Chart.scatter(LABELS, List.of(new Chart.Point("x", "#000", NAN, 1, 0, 0))));
    }

    @Test
    void scatterLabelsEveryPointAndDrawsErrorBarsOnlyWithSpread() {
        Document doc = Svg.parse(Chart.scatter(new Chart.Labels("trade-off", "KL", "reward"), List.of(
                new Chart.Point("base", "#000", 0, -0.2, 0, 0),
                new Chart.Point("dpo", "#111", 4, 0.2, 0.5, 0.05),
                new Chart.Point("dpo-twin", "#222", 4.01, 0.201, NAN, NAN))));
        assertThat(texts(doc)).contains("base", "dpo", "dpo-twin");
        assertThat(Svg.count(doc, "circle")).isEqualTo(3);
        // two bars of three lines each, beyond the frame's lines
        Document bare = Svg.parse(Chart.scatter(new Chart.Labels("trade-off", "KL", "reward"), List.of(
                new Chart.Point("base", "#000", 0, -0.2, 0, 0),
                new Chart.Point("dpo", "#111", 4, 0.2, 0, 0),
                new Chart.Point("dpo-twin", "#222", 4.01, 0.201, NAN, NAN))));
        assertThat(Svg.count(doc, "line") - Svg.count(bare, "line")).isEqualTo(6);
    }

    @Test
    void nearbyLabelsDoNotOverlap() {
        Chart.LabelPlacer placer = new Chart.LabelPlacer(0, 0, 400, 300);
        Chart.LabelPlacer.Placement a = placer.place(100, 100, "online-dpo");
        Chart.LabelPlacer.Placement b = placer.place(101, 101, "iterative-dpo");
        assertThat(a.x() != b.x() || a.y() != b.y() || !a.anchor().equals(b.anchor())).isTrue();
        assertThat(Math.abs(a.y() - b.y()) >= 12 || !a.anchor().equals(b.anchor())).isTrue();
        Chart.LabelPlacer.Placement edge = new Chart.LabelPlacer(0, 0, 400, 300).place(398, 100, "sail-dp");
        assertThat(edge.anchor()).isEqualTo("end");
    }
}
