package ai.sail.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatTest {

    /** 2,4,4,4,5,5,7,9: mean 5, squared deviations sum to 32, so the sample sd is sqrt(32/7). */
    @Test
    void meanAndSampleSdOfHandComputedValues() {
        Stat s = Stat.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(s.n()).isEqualTo(8);
        assertThat(s.hasSpread()).isTrue();
    }

    /** 1, 2: mean 1.5, deviations ±0.5, sample sd sqrt(0.5 / 1). */
    @Test
    void twoValuesUseDivisorOne() {
        Stat s = Stat.of(1, 2);
        assertThat(s.mean()).isEqualTo(1.5);
        assertThat(s.sd()).isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void oneValueHasNoSpread() {
        Stat s = Stat.of(-3.25);
        assertThat(s).isEqualTo(new Stat(-3.25, 0, 1));
        assertThat(s.hasSpread()).isFalse();
    }

    @Test
    void rejectsWhatIsNotAStatistic() {
        assertThatThrownBy(Stat::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stat.of(1, Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Stat(0, -1, 3)).hasMessageContaining("sd");
        assertThatThrownBy(() -> new Stat(0, 0.5, 1)).hasMessageContaining("single value");
        assertThatThrownBy(() -> new Stat(0, 0, 0)).hasMessageContaining("n = 0");
        assertThatThrownBy(() -> new Stat(Double.POSITIVE_INFINITY, 0, 1)).hasMessageContaining("mean");
    }
}
