package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {
    // probabilities 0.5, 0.25, 0.15, 0.1
    static final float[] LOGP = {(float) Math.log(0.5), (float) Math.log(0.25), (float) Math.log(0.15), (float) Math.log(0.1)};

    static double[] frequencies(SamplingSettings s, int draws) {
        Sampler sampler = Sampler.of(s);
        Random rng = new Random(3);
        double[] f = new double[LOGP.length];
        for (int i = 0; i < draws; i++) {
            f[sampler.sample(LOGP, 0, LOGP.length, rng)] += 1.0 / draws;
        }
        return f;
    }

    @Test
    void greedyTakesTheMostLikely() {
        assertThat(Sampler.of(SamplingSettings.GREEDY).sample(new float[] {9, -1, 7, -2, 0}, 1, 4, null)).isEqualTo(1);
    }

    @Test
    void plainSamplingFollowsTheDistribution() {
        double[] f = frequencies(new SamplingSettings(1f, 0, 1f), 200_000);
        assertThat(f[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(f[3]).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void temperatureSharpens() {
        // T = 0.5 squares the probabilities: 0.25, 0.0625, 0.0225, 0.01, normalised by 0.345
        double[] f = frequencies(new SamplingSettings(0.5f, 0, 1f), 200_000);
        assertThat(f[0]).isCloseTo(0.25 / 0.345, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void topKAndTopPKeepOnlyTheHead() {
        double[] k2 = frequencies(new SamplingSettings(1f, 2, 1f), 100_000);
        assertThat(k2[2] + k2[3]).isZero();
        assertThat(k2[0]).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(0.01));
        // nucleus 0.7: 0.5 + 0.25 reaches it, so two tokens remain
        double[] p = frequencies(new SamplingSettings(1f, 0, 0.7f), 100_000);
        assertThat(p[2] + p[3]).isZero();
        assertThat(p[1]).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new SamplingSettings(-1f, 0, 1f)).hasMessageContaining("--temperature");
        assertThatThrownBy(() -> new SamplingSettings(1f, -2, 1f)).hasMessageContaining("--top-k");
        assertThatThrownBy(() -> new SamplingSettings(1f, 0, 0f)).hasMessageContaining("--top-p");
    }
}
