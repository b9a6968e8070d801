package ai.sail.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HtmlReportTest {
    @TempDir
    Path dir;

    private String writeHtml(ComparisonReport report) throws Exception {
        ReportWriter.Written written = ReportWriter.write(report, dir);
        assertThat(written.html()).isEqualTo(dir.resolve("report.html"));
        return Files.readString(written.html(), StandardCharsets.UTF_8);
    }

    private static String embeddedJson(String html) {
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int start = html.indexOf(open);
        assertThat(start).as("the data script").isNotNegative();
        return html.substring(start + open.length(), html.indexOf("</script>", start));
    }

    @Test
    void embeddedJsonHoldsOneSeriesPerMethodPerMetric() throws Exception {
        JsonNode data = new ObjectMapper().readTree(embeddedJson(writeHtml(SampleReport.threeMethods())));
        assertThat(data.get("curves")).hasSize(6);
        for (String method : SampleReport.METHODS) {
            for (String metric : List.of("gold_reward", "kl")) {
                List<JsonNode> series = new ArrayList<>();
                for (JsonNode c : data.get("curves")) {
                    if (c.get("method").asText().equals(method) && c.get("metric").asText().equals(metric)) {
                        series.add(c);
                    }
                }
                assertThat(series).as("%s/%s", method, metric).hasSize(1);
                assertThat(series.get(0).get("steps")).hasSize(5);
                assertThat(series.get(0).get("values")).hasSize(5);
            }
        }
        JsonNode dpoReward = data.get("results").get(0).get("metrics").get("gold_reward");
        assertThat(dpoReward.get("n").asInt()).isEqualTo(3);
        assertThat(dpoReward.get("sd").asDouble()).isCloseTo(0.05, within(1e-12));
        assertThat(data.get("curves").get(4).get("sd").isNull()).as("the base model has no sd").isTrue();
    }

    @Test
    void embeddedJsonReadsBackAsTheSameReport() throws Exception {
        ComparisonReport report = SampleReport.threeMethods();
        assertThat(ReportJson.fromHtml(writeHtml(report))).isEqualTo(report);
    }

    @Test
    void loadsNothingFromTheNetwork() throws Exception {
        String html = writeHtml(SampleReport.threeMethods());
        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContainIgnoringCase("<link").doesNotContainIgnoringCase("src=")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(")
                .contains("Content-Security-Policy\" content=\"default-src 'none'");
        assertThat(html.split("<script", -1)).as("one script element, the data").hasSize(2);
    }

    @Test
    void hasOneWellFormedSvgPerChart() throws Exception {
        String html = writeHtml(SampleReport.threeMethods());
        assertThat(count(html, "<svg")).isEqualTo(4).isEqualTo(count(html, "</svg>"));
        List<String> charts = Svg.elements(html);
        assertThat(charts).hasSize(4);
        Document reward = Svg.parse(charts.get(0));
        Document kl = Svg.parse(charts.get(1));
        Document scatter = Svg.parse(charts.get(2));
        assertThat(charts.get(0)).contains("Gold reward during training");
        assertThat(charts.get(1)).contains("KL to base during training");
        assertThat(charts.get(2)).contains("Final gold reward vs KL to base");
        // dpo and sail-pr draw a band each (they have sd); base does not
        assertThat(Svg.count(reward, "polygon")).isEqualTo(2);
        assertThat(Svg.count(kl, "path")).isEqualTo(3);
        for (String method : SampleReport.METHODS) {
            assertThat(charts.get(0)).contains(">" + method + "<");
            assertThat(charts.get(2)).contains(">" + method + "<");
        }
        assertThat(Svg.count(scatter, "circle")).isEqualTo(3);
        // The frontier: each method's reward plotted against its KL, one line per method with both curves.
        Document frontier = Svg.parse(charts.get(3));
        assertThat(charts.get(3)).contains("Gold reward against KL to base during training");
        assertThat(Svg.count(frontier, "path")).isEqualTo(3);
    }

    @Test
    void pageShowsTheTableSettingsAndNotes() throws Exception {
        String html = writeHtml(SampleReport.threeMethods());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h1>Sail demo: sentiment task</h1>")
                .contains("2 cores, 24 GiB, CPU").contains("40 steps, 3 seeds, beta 0.1")
                .contains("<li>base is the model before training</li>")
                .contains("<th>Gold reward</th><th>KL to base</th>")
                .contains("<td>0.200 ± 0.050</td>") // dpo's final reward over seeds 0.15, 0.2, 0.25
                .endsWith("</html>\n");
        assertThat(count(html, "<tr>")).isEqualTo(1 + SampleReport.METHODS.size());
    }

    @Test
    void userTextCannotBreakThePageOrTheData() throws Exception {
        ComparisonReport r = SampleReport.threeMethods();
        ComparisonReport hostile = new ComparisonReport("<b>title</b>", r.machine(), "a & b", r.metricOrder(),
                r.metricLabels(), r.results(), r.curves(), List.of("</script><script>alert(1)</script>", "<!-- x"));
        String html = writeHtml(hostile);
        assertThat(html).doesNotContain("<b>title").contains("&lt;b&gt;title").contains("a &amp; b");
        String json = embeddedJson(html);
        assertThat(json).doesNotContain("</").doesNotContain("<!--");
        assertThat(ReportJson.fromHtml(html)).isEqualTo(hostile);
        assertThat(count(html, "<script")).isEqualTo(1);
    }

    @Test
    void writingAgainReplacesTheFilesAndLeavesNoTemporaries() throws Exception {
        writeHtml(SampleReport.threeMethods());
        ComparisonReport r = SampleReport.threeMethods();
        ComparisonReport retitled = new ComparisonReport("second run", r.machine(), r.settings(), r.metricOrder(),
                r.metricLabels(), r.results(), r.curves(), r.notes());
        assertThat(writeHtml(retitled)).contains("<h1>second run</h1>");
        assertThat(Files.readString(dir.resolve("summary.md"))).startsWith("# second run");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.html", "summary.md");
        }
    }

    @Test
    void aReportWithoutCurvesOrKlHasNoCharts() throws Exception {
        ComparisonReport r = new ComparisonReport("table only", "", "", List.of("win_rate"), Map.of(),
                List.of(new MethodResult("dpo", Map.of("win_rate", Stat.of(0.6, 0.7)))), List.of(), List.of());
        String html = writeHtml(r);
        assertThat(html).doesNotContain("<svg").doesNotContain("<h2>Notes").contains("0.650 ± 0.071");
        assertThat(ReportJson.fromHtml(html)).isEqualTo(r);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
