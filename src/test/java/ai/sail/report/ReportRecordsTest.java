package ai.sail.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportRecordsTest {

    @Test
    void methodResultKeepsTheGivenMetricOrder() {
        Map<String, Stat> metrics = new LinkedHashMap<>();
        for (String key : List.of("update_s", "gold_reward", "kl", "win_rate")) {
            metrics.put(key, Stat.of(1));
        }
        assertThat(new MethodResult("dpo", metrics).metrics().keySet())
                .containsExactly("update_s", "gold_reward", "kl", "win_rate");
    }

    @Test
    void curveCopiesItsArraysInAndOut() {
        int[] steps = {0, 5};
        double[] values = {1, 2};
        Curve c = new Curve("dpo", "kl", steps, values, null);
        steps[1] = 99;
        values[0] = 42;
        c.values()[1] = 7;
        assertThat(c.steps()).containsExactly(0, 5);
        assertThat(c.values()).containsExactly(1, 2);
        assertThat(c).isEqualTo(new Curve("dpo", "kl", new int[] {0, 5}, new double[] {1, 2}, null));
    }

    @Test
    void curveRejectsInconsistentArrays() {
        assertThatThrownBy(() -> new Curve("dpo", "kl", new int[] {0, 1}, new double[] {1}, null))
                .hasMessageContaining("2 steps but 1 values");
        assertThatThrownBy(() -> new Curve("dpo", "kl", new int[] {0, 1}, new double[] {1, 2}, new double[] {0}))
                .hasMessageContaining("sd values");
        assertThatThrownBy(() -> new Curve("dpo", "kl", new int[] {5, 5}, new double[] {1, 2}, null))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> new Curve("dpo", "kl", new int[] {0}, new double[] {Double.POSITIVE_INFINITY}, null))
                .hasMessageContaining("infinite");
        assertThatThrownBy(() -> new Curve("dpo", "kl", new int[0], new double[0], null)).hasMessageContaining("no points");
        // NaN is a missing evaluation, and allowed
        assertThat(new Curve("dpo", "kl", new int[] {0, 1}, new double[] {Double.NaN, 1}, new double[] {Double.NaN, 0}).size())
                .isEqualTo(2);
    }

    @Test
    void reportCatchesMisspeltMetricsAndDuplicates() {
        MethodResult typo = new MethodResult("dpo", Map.of("gold-reward", Stat.of(1)));
        assertThatThrownBy(() -> report(List.of(typo), List.of())).hasMessageContaining("gold-reward");
        MethodResult dpo = new MethodResult("dpo", Map.of("kl", Stat.of(1)));
        assertThatThrownBy(() -> report(List.of(dpo, dpo), List.of())).hasMessageContaining("two results");
        Curve c = new Curve("dpo", "kl", new int[] {0}, new double[] {0}, null);
        assertThatThrownBy(() -> report(List.of(dpo), List.of(c, c))).hasMessageContaining("two curves");
    }

    @Test
    void curveMetricsFollowTheTableOrderThenTheRest() {
        Curve loss = new Curve("dpo", "loss", new int[] {0}, new double[] {0}, null);
        Curve kl = new Curve("dpo", "kl", new int[] {0}, new double[] {0}, null);
        Curve reward = new Curve("online-dpo", "gold_reward", new int[] {0}, new double[] {0}, null);
        ComparisonReport r = report(List.of(new MethodResult("base", Map.of())), List.of(loss, kl, reward));
        assertThat(r.curveMetrics()).containsExactly("gold_reward", "kl", "loss");
        assertThat(r.methods()).containsExactly("base", "dpo", "online-dpo");
        assertThat(r.label("kl")).isEqualTo("KL to base");
        assertThat(r.label("loss")).isEqualTo("loss");
    }

    private static ComparisonReport report(List<MethodResult> results, List<Curve> curves) {
        return new ComparisonReport("t", "", "", List.of("gold_reward", "kl"), MetricNames.EVAL_LABELS, results, curves,
                List.of());
    }
}
