package ai.sail.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the final table: a method's metrics at the end of training, summarised over seeds.
 * The map keeps the order it was given in, so the report's JSON reads in the order the demo chose.
 * A metric a method does not have (the base model has no update time) is simply absent.
 */
public record MethodResult(String method, Map<String, Stat> metrics) {

    public MethodResult {
        ComparisonReport.requireNonBlank(method, "method");
        Objects.requireNonNull(metrics, "metrics");
        Map<String, Stat> copy = new LinkedHashMap<>();
        metrics.forEach((key, stat) -> {
            ComparisonReport.requireNonBlank(key, "metric name of " + method);
            copy.put(key, Objects.requireNonNull(stat, () -> "metric " + key + " of " + method));
        });
        metrics = Collections.unmodifiableMap(copy);
    }

    public Optional<Stat> metric(String key) {
        return Optional.ofNullable(metrics.get(key));
    }
}
