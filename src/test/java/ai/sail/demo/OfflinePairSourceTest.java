package ai.sail.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact and Bradley-Terry labels of the offline pairs. */
class OfflinePairSourceTest {

    @Test
    void exactLabelsPickTheHigherReward() {
        Random rng = new Random(1);
        assertThat(OfflinePairSource.EXACT.firstChosen(0.3, 0.1, rng)).isTrue();
        assertThat(OfflinePairSource.EXACT.firstChosen(-0.2, 0.1, rng)).isFalse();
    }

    @Test
    void noisyLabelsFollowTheBradleyTerryProbability() {
        // A reward gap of noise * ln 3 gives P(first) = sigmoid(ln 3) = 3/4.
        OfflinePairSource noisy = new OfflinePairSource(1.0, 0.05);
        double gap = 0.05 * Math.log(3);
        Random rng = new Random(7);
        int n = 20_000;
        int first = 0;
        for (int i = 0; i < n; i++) {
            first += noisy.firstChosen(gap, 0.0, rng) ? 1 : 0;
        }
        double sd = Math.sqrt(0.75 * 0.25 / n);
        assertThat((double) first / n).isBetween(0.75 - 4 * sd, 0.75 + 4 * sd);
    }

    @Test
    void badSettingsNameTheOption() {
        assertThatThrownBy(() -> new OfflinePairSource(0, 0)).hasMessageContaining("--pair-temperature");
        assertThatThrownBy(() -> new OfflinePairSource(1, -1)).hasMessageContaining("--label-noise");
    }
}
