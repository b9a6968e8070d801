package ai.sail.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.html}: the whole comparison in one file that opens in any browser without a network,
 * so it can be mailed, attached to an issue or opened on an air-gapped machine. Nothing is loaded
 * from anywhere: charts are inline SVG drawn in Java, the style is a short inline sheet, and a
 * Content-Security-Policy forbids any fetch should a future edit add one. The page holds the title,
 * machine and settings; one line chart per metric that has curves (gold reward and KL to the base
 * model in the demo), one colour per method throughout; the scatter plot of final gold reward
 * against KL; the final table; the notes; and the report data as JSON in
 * {@code <script type="application/json" id="report-data">} (see {@link ReportJson}).
 */
public final class HtmlReport {
    private static final String STEP_AXIS = "training step";
    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
                   max-width: 1060px; margin: 2rem auto; padding: 0 1rem; }
            h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
            h2 { font-size: 1.15rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ddd; }
            .meta { color: #444; margin: .2rem 0; }
            .meta b { color: #222; }
            figure { margin: 1rem 0 1.6rem; }
            svg { display: block; width: 100%; max-width: 960px; height: auto; }
            figcaption, .caption { color: #555; font-size: .88rem; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; font-size: .88rem; font-variant-numeric: tabular-nums; }
            th, td { padding: .35rem .5rem; text-align: right; white-space: nowrap; border-bottom: 1px solid #e4e4e4; }
            th { border-bottom: 2px solid #bbb; font-weight: 600; white-space: normal; vertical-align: bottom; }
            th:first-child, td:first-child { text-align: left; }
            .swatch { display: inline-block; width: .75em; height: .75em; border-radius: 2px; margin-right: .45em; }
            """;

    /**
     * Tableau's ten colours, reordered so the first seven (the demo's methods) are the most distinct
     * on white; past ten they repeat.
     */
    private static final List<String> COLOURS = List.of(
            "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
            "#9c755f", "#76b7b2", "#ff9da7", "#bab0ac", "#edc948");

    private HtmlReport() {}

    public static String render(ComparisonReport report) {
        Map<String, String> colours = colours(report.methods());
        StringBuilder out = new StringBuilder();
        out.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                """);
        out.append("<title>").append(SvgWriter.escape(report.title())).append("</title>\n");
        out.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(SvgWriter.escape(report.title())).append("</h1>\n");
        meta(out, "Machine", report.machine());
        meta(out, "Settings", report.settings());
        curves(out, report, colours);
        tradeOff(out, report, colours);
        table(out, report, colours);
        notes(out, report);
        out.append("<script type=\"application/json\" id=\"").append(ReportJson.SCRIPT_ID).append("\">\n")
                .append(ReportJson.forScript(ReportJson.write(report))).append("\n</script>\n");
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /**
     * One colour per method, assigned in the order the methods come, so a method has the same colour
     * in every chart and the table, and the legend of one chart explains the others.
     */
    private static Map<String, String> colours(List<String> methods) {
        Map<String, String> colours = new LinkedHashMap<>();
        for (String method : methods) {
            colours.putIfAbsent(method, COLOURS.get(colours.size() % COLOURS.size()));
        }
        return colours;
    }

    private static void meta(StringBuilder out, String name, String value) {
        if (!value.isBlank()) {
            out.append("<p class=\"meta\"><b>").append(name).append(":</b> ").append(SvgWriter.escape(value)).append("</p>\n");
        }
    }

    private static void curves(StringBuilder out, ComparisonReport report, Map<String, String> colours) {
        List<String> metrics = report.curveMetrics();
        if (metrics.isEmpty()) {
            return;
        }
        out.append("<h2>Training curves</h2>\n");
        for (String metric : metrics) {
            List<Chart.Series> series = new ArrayList<>();
            boolean spread = false;
            for (Curve c : report.curvesOf(metric)) {
                int[] steps = c.steps();
                double[] x = new double[steps.length];
                for (int i = 0; i < steps.length; i++) {
                    x[i] = steps[i];
                }
                series.add(new Chart.Series(c.method(), colours.get(c.method()), x, c.values(), c.sd()));
                spread |= c.sd() != null;
            }
            String label = report.label(metric);
            String svg = Chart.line(new Chart.Labels(label + " during training", STEP_AXIS, label), series);
            figure(out, svg, "Mean over seeds at each evaluation step" + (spread ? "; the shaded band is ±1 sd." : "."));
        }
    }

    /** The reward-vs-KL plot, drawn when at least one method has both final numbers. */
    private static void tradeOff(StringBuilder out, ComparisonReport report, Map<String, String> colours) {
        List<Chart.Point> points = new ArrayList<>();
        boolean spread = false;
        for (MethodResult r : report.results()) {
            Optional<Stat> reward = r.metric(MetricNames.EVAL_GOLD_REWARD);
            Optional<Stat> kl = r.metric(MetricNames.EVAL_KL);
            if (reward.isPresent() && kl.isPresent()) {
                points.add(new Chart.Point(r.method(), colours.get(r.method()), kl.get().mean(),
                        reward.get().mean(), kl.get().sd(), reward.get().sd()));
                spread |= reward.get().hasSpread() || kl.get().hasSpread();
            }
        }
        if (points.isEmpty()) {
            return;
        }
        String rewardLabel = report.label(MetricNames.EVAL_GOLD_REWARD);
        String klLabel = report.label(MetricNames.EVAL_KL);
        out.append("<h2>Reward–KL trade-off</h2>\n");
        String svg = Chart.scatter(new Chart.Labels("Final " + rewardLabel.toLowerCase() + " vs " + klLabel, klLabel,
                rewardLabel), points);
        figure(out, svg, "Each method after training. Up is more reward, left is closer to the base model, so up and"
                + " to the left is the better trade-off." + (spread ? " Bars are ±1 sd over seeds." : ""));
        frontier(out, report, colours, rewardLabel, klLabel);
    }

    /**
     * Each method's path through reward and KL over training (the mean curves plotted against each
     * other): comparing methods at the same KL means reading the chart along a vertical line.
     */
    private static void frontier(StringBuilder out, ComparisonReport report, Map<String, String> colours,
            String rewardLabel, String klLabel) {
        List<Chart.Series> series = new ArrayList<>();
        for (Curve reward : report.curvesOf(MetricNames.EVAL_GOLD_REWARD)) {
            report.curvesOf(MetricNames.EVAL_KL).stream()
                    .filter(kl -> kl.method().equals(reward.method()) && kl.values().length == reward.values().length)
                    .findFirst()
                    .ifPresent(kl -> series.add(new Chart.Series(reward.method(), colours.get(reward.method()),
                            kl.values(), reward.values(), null)));
        }
        if (series.isEmpty()) {
            return;
        }
        String svg = Chart.line(new Chart.Labels(rewardLabel + " against " + klLabel + " during training", klLabel,
                rewardLabel), series);
        figure(out, svg, "Each method's path from the base model (bottom left) through its evaluations, mean over seeds."
                + " Compare methods along a vertical line: the same KL budget, more reward is better.");
    }

    private static void figure(StringBuilder out, String svg, String caption) {
        out.append("<figure>\n").append(svg).append("<figcaption>").append(SvgWriter.escape(caption))
                .append("</figcaption>\n</figure>\n");
    }

    private static void table(StringBuilder out, ComparisonReport report, Map<String, String> colours) {
        ResultTable table = ResultTable.of(report);
        out.append("<h2>Final results</h2>\n<div class=\"scroll\">\n<table>\n<thead><tr>");
        table.header().forEach(h -> out.append("<th>").append(SvgWriter.escape(h)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            out.append("<tr><td><span class=\"swatch\" style=\"background:").append(colours.get(row.get(0)))
                    .append("\"></span>").append(SvgWriter.escape(row.get(0))).append("</td>");
            row.subList(1, row.size()).forEach(cell -> out.append("<td>").append(SvgWriter.escape(cell)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</div>\n");
        if (!table.caption().isEmpty()) {
            out.append("<p class=\"caption\">").append(SvgWriter.escape(table.caption())).append("</p>\n");
        }
    }

    private static void notes(StringBuilder out, ComparisonReport report) {
        if (report.notes().isEmpty()) {
            return;
        }
        out.append("<h2>Notes</h2>\n<ul>\n");
        report.notes().forEach(n -> out.append("<li>").append(SvgWriter.escape(n)).append("</li>\n"));
        out.append("</ul>\n");
    }
}
