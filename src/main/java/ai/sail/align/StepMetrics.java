package ai.sail.align;

import ai.sail.generate.ResponseGenerator;
import ai.sail.report.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values gathered over the micro-batches of one logging interval, averaged (or summed, for counts)
 * when the interval is logged, then cleared.
 */
public final class StepMetrics {
    private final Map<String, List<Double>> means = new LinkedHashMap<>();
    private final Map<String, Double> sums = new LinkedHashMap<>();

    public void add(String name, double value) {
        means.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    public void addAll(String name, float[] values) {
        for (float v : values) {
            add(name, v);
        }
    }

    public void count(String name, double amount) {
        sums.merge(name, amount, Double::sum);
    }

    /**
     * What {@code generator}'s last call measured about an engine's samples: the log-probability drift
     * (when any token could be compared), the policy lag, and the seconds waited. Nothing for the
     * in-process sampler.
     */
    public void addRollout(ResponseGenerator generator) {
        generator.lastRollout().ifPresent(s -> {
            if (s.comparedTokens() > 0) {
                add(MetricNames.ROLLOUT_LOGPROB_DRIFT, s.logprobDrift());
            }
            add(MetricNames.ROLLOUT_POLICY_LAG, s.policyLag());
            count(MetricNames.ROLLOUT_SECONDS, s.seconds());
        });
    }

    public Map<String, Object> snapshotAndClear() {
        Map<String, Object> out = new LinkedHashMap<>();
        means.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
        sums.forEach(out::put);
        means.clear();
        sums.clear();
        return out;
    }
}
