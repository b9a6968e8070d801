package ai.sail.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report's numbers as JSON, and back. The HTML report embeds this JSON so that a reader (or a test,
 * or a notebook) can take the exact numbers from the one file that was shared, rather than
 * scraping a table. Keys are snake_case like the metrics log; a missing value (NaN) is written as
 * {@code null}, which JSON has and NaN is not, and read back as NaN.
 *
 * <pre>{"version": 1, "title", "machine", "settings", "metric_order": [...], "metric_labels": {...},
 *  "results": [{"method", "metrics": {"gold_reward": {"mean", "sd", "n"}, ...}}],
 *  "curves": [{"method", "metric", "steps": [...], "values": [...], "sd": [...] or null}],
 *  "notes": [...]}</pre>
 */
public final class ReportJson {
    public static final int VERSION = 1;
    /** The id of the {@code <script type="application/json">} element that holds the data in report.html. */
    public static final String SCRIPT_ID = "report-data";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {}

    public static String write(ComparisonReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("title", report.title());
        root.put("machine", report.machine());
        root.put("settings", report.settings());
        report.metricOrder().forEach(root.putArray("metric_order")::add);
        ObjectNode labels = root.putObject("metric_labels");
        report.metricLabels().forEach(labels::put);
        ArrayNode results = root.putArray("results");
        for (MethodResult r : report.results()) {
            ObjectNode result = results.addObject().put("method", r.method());
            ObjectNode metrics = result.putObject("metrics");
            r.metrics().forEach((key, stat) -> metrics.putObject(key)
                    .put("mean", stat.mean()).put("sd", stat.sd()).put("n", stat.n()));
        }
        ArrayNode curves = root.putArray("curves");
        for (Curve c : report.curves()) {
            ObjectNode curve = curves.addObject().put("method", c.method()).put("metric", c.metric());
            ArrayNode steps = curve.putArray("steps");
            for (int step : c.steps()) {
                steps.add(step);
            }
            putNumbers(curve, "values", c.values());
            putNumbers(curve, "sd", c.sd());
        }
        report.notes().forEach(root.putArray("notes")::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ComparisonReport read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not report JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("report JSON must be an object");
        }
        int version = root.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException("report JSON version " + version + " is not " + VERSION);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        root.path("metric_labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        List<MethodResult> results = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            Map<String, Stat> metrics = new LinkedHashMap<>();
            r.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), new Stat(
                    e.getValue().path("mean").asDouble(), e.getValue().path("sd").asDouble(), e.getValue().path("n").asInt())));
            results.add(new MethodResult(r.path("method").asText(), metrics));
        }
        List<Curve> curves = new ArrayList<>();
        for (JsonNode c : root.path("curves")) {
            JsonNode stepNodes = c.path("steps");
            int[] steps = new int[stepNodes.size()];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = stepNodes.get(i).asInt();
            }
            curves.add(new Curve(c.path("method").asText(), c.path("metric").asText(), steps,
                    numbers(c.path("values")), c.path("sd").isArray() ? numbers(c.path("sd")) : null));
        }
        return new ComparisonReport(root.path("title").asText(), root.path("machine").asText(),
                root.path("settings").asText(), strings(root.path("metric_order")), labels, results, curves,
                strings(root.path("notes")));
    }

    /** The report embedded in a report.html written by {@link HtmlReport}. */
    public static ComparisonReport fromHtml(String html) {
        String open = "id=\"" + SCRIPT_ID + "\">";
        int start = html.indexOf(open);
        int end = start < 0 ? -1 : html.indexOf("</script>", start);
        if (end < 0) {
            throw new IllegalArgumentException("no <script id=\"" + SCRIPT_ID + "\"> element in the HTML");
        }
        return read(html.substring(start + open.length(), end));
    }

    /**
     * The JSON made safe to sit inside a {@code <script>} element: a {@code <} only ever occurs inside
     * JSON strings, and written as JSON's escape for it (backslash, u003c) it can neither end the element
     * nor open a comment, while any JSON parser still reads the same text.
     */
    static String forScript(String json) {
        return json.replace("<", "\\u003c");
    }

    private static void putNumbers(ObjectNode parent, String key, double[] values) {
        if (values == null) {
            parent.putNull(key);
            return;
        }
        ArrayNode array = parent.putArray(key);
        for (double v : values) {
            if (Double.isFinite(v)) {
                array.add(v);
            } else {
                array.addNull();
            }
        }
    }

    private static double[] numbers(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
        }
        return values;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
