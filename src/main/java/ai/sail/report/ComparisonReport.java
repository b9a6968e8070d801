package ai.sail.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code sail demo} reports about one comparison of alignment methods: where and how it
 * ran, the final table and the curves over training. It is plain data so that every rendering (HTML,
 * Markdown, console) and the JSON embedded in the HTML are produced from the same numbers.
 *
 * <p>{@code metricOrder} gives the columns of the final table; every metric of a result must be one
 * of them, so a misspelt key fails here instead of vanishing from the table. Curves may track metrics
 * the table does not show. {@code metricLabels} gives the human names; a metric without one is shown
 * by its key.
 */
public record ComparisonReport(
        String title,
        String machine,
        String settings,
        List<String> metricOrder,
        Map<String, String> metricLabels,
        List<MethodResult> results,
        List<Curve> curves,
        List<String> notes) {

    public ComparisonReport {
        requireNonBlank(title, "title");
        Objects.requireNonNull(machine, "machine (may be empty)");
        Objects.requireNonNull(settings, "settings (may be empty)");
        metricOrder = List.copyOf(Objects.requireNonNull(metricOrder, "metricOrder"));
        if (new HashSet<>(metricOrder).size() != metricOrder.size()) {
            throw new IllegalArgumentException("metricOrder repeats a metric: " + metricOrder);
        }
        metricOrder.forEach(m -> requireNonBlank(m, "metric name"));
        metricLabels = Collections.unmodifiableMap(new LinkedHashMap<>(
                metricLabels == null ? Map.of() : metricLabels));
        results = List.copyOf(Objects.requireNonNull(results, "results"));
        curves = List.copyOf(Objects.requireNonNull(curves, "curves"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));

        Set<String> methods = new HashSet<>();
        for (MethodResult r : results) {
            if (!methods.add(r.method())) {
                throw new IllegalArgumentException("method " + r.method() + " has two results");
            }
            for (String metric : r.metrics().keySet()) {
                if (!metricOrder.contains(metric)) {
                    throw new IllegalArgumentException("metric " + metric + " of " + r.method()
                            + " is not in metricOrder " + metricOrder);
                }
            }
        }
        Set<String> curveKeys = new HashSet<>();
        for (Curve c : curves) {
            if (!curveKeys.add(c.method() + "\n" + c.metric())) {
                throw new IllegalArgumentException("method " + c.method() + " has two curves of " + c.metric());
            }
        }
    }

    /** The human name of a metric, or its key when none was given. */
    public String label(String metric) {
        return metricLabels.getOrDefault(metric, metric);
    }

    /** Every method, those with results first in their order, then any that only have curves. */
    public List<String> methods() {
        Set<String> all = new LinkedHashSet<>();
        results.forEach(r -> all.add(r.method()));
        curves.forEach(c -> all.add(c.method()));
        return List.copyOf(all);
    }

    /** The metrics that have curves, in table order first, then in the order the curves came. */
    public List<String> curveMetrics() {
        Set<String> present = new LinkedHashSet<>();
        curves.forEach(c -> present.add(c.metric()));
        List<String> ordered = new ArrayList<>();
        metricOrder.stream().filter(present::contains).forEach(ordered::add);
        present.stream().filter(m -> !ordered.contains(m)).forEach(ordered::add);
        return ordered;
    }

    /** The curves of one metric, in the order they were given. */
    public List<Curve> curvesOf(String metric) {
        return curves.stream().filter(c -> c.metric().equals(metric)).toList();
    }

    /** The one argument check every report record shares: names must say something. */
    static String requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
