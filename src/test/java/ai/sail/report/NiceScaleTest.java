package ai.sail.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule under test: the smallest step of 1, 2 or 5 times a power of ten whose outward-rounded
 * range has at most six intervals (see {@link NiceScale}).
 */
class NiceScaleTest {

    private static List<String> labels(NiceScale scale) {
        return Arrays.stream(scale.ticks()).mapToObj(scale::label).toList();
    }

    @Test
    void zeroToOneStepsByFifths() {
        assertThat(labels(NiceScale.of(0, 1))).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
    }

    /** Step 2 would need -4..12 = 8 intervals; step 5 needs -5..15 = 4. */
    @Test
    void negativeToPositiveWidensOutwards() {
        NiceScale s = NiceScale.of(-3.7, 12);
        assertThat(labels(s)).containsExactly("-5", "0", "5", "10", "15");
        assertThat(s.min()).isEqualTo(-5);
        assertThat(s.max()).isEqualTo(15);
    }

    @Test
    void handCheckedRanges() {
        assertThat(labels(NiceScale.of(0, 1.1))).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2");
        assertThat(labels(NiceScale.of(0, 100))).containsExactly("0", "20", "40", "60", "80", "100");
        // step 0.1 would need -0.9..-0.1 = 8 intervals
        assertThat(labels(NiceScale.of(-0.83, -0.12))).containsExactly("-1.0", "-0.8", "-0.6", "-0.4", "-0.2", "0.0");
    }

    @Test
    void decimalsFollowTheStep() {
        assertThat(labels(NiceScale.of(0.012, 0.047))).containsExactly("0.01", "0.02", "0.03", "0.04", "0.05");
        assertThat(labels(NiceScale.of(1200, 4800))).containsExactly("1000", "2000", "3000", "4000", "5000");
    }

    @Test
    void integerAxesNeverStepBelowOne() {
        assertThat(labels(NiceScale.of(0, 2, 6, true))).containsExactly("0", "1", "2");
        assertThat(labels(NiceScale.of(0, 200, 6, true))).containsExactly("0", "50", "100", "150", "200");
    }

    @Test
    void equalValuesStillGetAnAxis() {
        assertThat(labels(NiceScale.of(3, 3))).containsExactly("2.7", "2.8", "2.9", "3.0", "3.1", "3.2", "3.3");
        assertThat(labels(NiceScale.of(0, 0))).containsExactly("-1.0", "-0.5", "0.0", "0.5", "1.0");
        assertThat(labels(NiceScale.of(-2, -2))).containsExactly("-2.2", "-2.1", "-2.0", "-1.9", "-1.8");
    }

    @Test
    void nonFiniteBoundsAreIgnored() {
        assertThat(labels(NiceScale.of(Double.NaN, Double.NaN))).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertThat(NiceScale.of(Double.NaN, 5).min()).isLessThan(5);
        assertThat(NiceScale.of(Double.NaN, 5).max()).isGreaterThan(5);
    }

    @Test
    void ticksCoverTheDataAndMapOntoZeroToOne() {
        NiceScale s = NiceScale.of(-0.37, 2.91);
        assertThat(s.min()).isLessThanOrEqualTo(-0.37);
        assertThat(s.max()).isGreaterThanOrEqualTo(2.91);
        assertThat(s.fraction(s.min())).isEqualTo(0.0);
        assertThat(s.fraction(s.max())).isCloseTo(1.0, within(1e-12));
        assertThat((s.max() - s.min()) / s.step()).isLessThanOrEqualTo(NiceScale.DEFAULT_INTERVALS + 1e-9);
        assertThat(labels(s)).doesNotContain("-0.0");
    }
}
