package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;

/** A resumed run's metrics against an uninterrupted run's, from a step on (timings excepted). */
final class SameMetrics {
    private SameMetrics() {}

    static void from(int firstStep, List<Map<String, Object>> straight, List<Map<String, Object>> resumed) {
        assertThat(resumed).hasSameSizeAs(straight);
        for (int i = firstStep; i < straight.size(); i++) {
            Map<String, Object> a = straight.get(i);
            Map<String, Object> b = resumed.get(i);
            assertThat(b.keySet()).isEqualTo(a.keySet());
            for (String key : a.keySet()) {
                if (key.startsWith("time/")) {
                    continue;
                }
                double x = ((Number) a.get(key)).doubleValue();
                double y = ((Number) b.get(key)).doubleValue();
                assertThat(y).as("%s at step %d, resumed after step %d", key, i + 1, firstStep)
                        .isCloseTo(x, Offset.offset(1e-5 + 1e-5 * Math.abs(x)));
            }
        }
    }
}
