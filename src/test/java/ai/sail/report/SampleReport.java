package ai.sail.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports for the tests: small and hand-checkable, with the demo's metric names. */
final class SampleReport {
    static final List<String> METHODS = List.of("dpo", "sail-pr", "base");
    static final int[] STEPS = {0, 10, 20, 30, 40};

    private SampleReport() {}

    /**
     * Three methods, two metrics (gold reward and KL) with five evaluation steps each; dpo and sail-pr
     * over three seeds (curves with sd), the base model a single run (curve without sd).
     */
    static ComparisonReport threeMethods() {
        List<MethodResult> results = new ArrayList<>();
        List<Curve> curves = new ArrayList<>();
        for (int m = 0; m < METHODS.size(); m++) {
            String method = METHODS.get(m);
            boolean base = method.equals("base");
            double[] reward = new double[STEPS.length];
            double[] kl = new double[STEPS.length];
            double[] sd = new double[STEPS.length];
            for (int i = 0; i < STEPS.length; i++) {
                reward[i] = base ? -0.2 : -0.2 + (0.1 + 0.05 * m) * i;
                kl[i] = base ? 0 : (1.0 + m) * i;
                sd[i] = 0.02 * i;
            }
            curves.add(new Curve(method, MetricNames.EVAL_GOLD_REWARD, STEPS, reward, base ? null : sd));
            curves.add(new Curve(method, MetricNames.EVAL_KL, STEPS, kl, base ? null : sd));
            Map<String, Stat> metrics = new LinkedHashMap<>();
            if (base) {
                metrics.put(MetricNames.EVAL_GOLD_REWARD, Stat.of(-0.2));
                metrics.put(MetricNames.EVAL_KL, Stat.of(0));
            } else {
                double r = reward[STEPS.length - 1];
                double k = kl[STEPS.length - 1];
                metrics.put(MetricNames.EVAL_GOLD_REWARD, Stat.of(r - 0.05, r, r + 0.05));
                metrics.put(MetricNames.EVAL_KL, Stat.of(k - 0.5, k, k + 0.5));
            }
            results.add(new MethodResult(method, metrics));
        }
        return new ComparisonReport("Sail demo: sentiment task", "2 cores, 24 GiB, CPU",
                "40 steps, 3 seeds, beta 0.1", List.of(MetricNames.EVAL_GOLD_REWARD, MetricNames.EVAL_KL),
                MetricNames.EVAL_LABELS, results, curves, List.of("base is the model before training"));
    }
}
