package ai.sail.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.sail.generate.Generation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary of fixed responses and scores, and what is n/a without a baseline or a reference. */
class EvalResultTest {
    static final int EOS = 2;

    static Generation response(boolean eos, int... tokens) {
        return new Generation(new int[] {1}, tokens, new float[tokens.length], "", eos, false);
    }

    static final List<Generation> RESPONSES = List.of(
            response(true, 5, 6, EOS), // content 5 6
            response(false, 5, 6, 7), // cut at the token limit
            response(true, EOS)); // EOS alone: no content

    @Test
    void summarisesEveryMetricFromThePerSampleValues() {
        EvalSamples s = new EvalSamples(RESPONSES, new double[] {1, 2, 3}, new double[] {2, 2, 2},
                new double[] {-3, -5, -2}, new double[] {-4, -4, -2.5});
        EvalResult r = EvalResult.of(s, 1.5, 0.5);
        assertThat(r.meanReward()).isEqualTo(2.0);
        assertThat(r.rewardSd()).isEqualTo(1.0);
        assertThat(r.winRate()).isEqualTo(0.5);
        assertThat(r.softWinRate()).isCloseTo((1 / (1 + Math.exp(1)) + 0.5 + 1 / (1 + Math.exp(-1))) / 3, within(1e-15));
        assertThat(r.kl()).isCloseTo(0.5 / 3, within(1e-15));
        assertThat(r.klPerToken()).isCloseTo(0.5 / 7, within(1e-15)); // 3 + 3 + 1 tokens
        assertThat(r.meanLength()).isEqualTo(7.0 / 3);
        assertThat(r.eosShare()).isEqualTo(2.0 / 3);
        // Without EOS: [5,6], [5,6,7], []: unigrams 5 of which 3 unique; bigrams (5,6),(5,6),(6,7): 2 of 3.
        assertThat(r.distinct1()).isEqualTo(3.0 / 5);
        assertThat(r.distinct2()).isEqualTo(2.0 / 3);
        assertThat(r.samples()).isEqualTo(3);
        assertThat(r.generationSeconds()).isEqualTo(1.5);
        assertThat(r.scoringSeconds()).isEqualTo(0.5);
        assertThat(s.logRatios()).containsExactly(1, -1, 0.5);
    }

    @Test
    void winRatesAndKlAreNaNWithoutBaselineOrReference() {
        EvalResult r = EvalResult.of(new EvalSamples(RESPONSES, new double[] {1, 2, 3}, null, null, null), 0, 0);
        assertThat(r.winRate()).isNaN();
        assertThat(r.softWinRate()).isNaN();
        assertThat(r.kl()).isNaN();
        assertThat(r.klPerToken()).isNaN();
        assertThat(r.meanReward()).isEqualTo(2.0);
        assertThat(r.perSample().logRatios()).isNull();
    }

    @Test
    void samplesMustLineUp() {
        assertThatThrownBy(() -> new EvalSamples(RESPONSES, new double[] {1, 2}, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rewards");
        assertThatThrownBy(() -> new EvalSamples(RESPONSES, new double[] {1, 2, 3}, null, new double[] {1, 2, 3}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("together");
    }

    @Test
    void settingsValidateThemselvesNamingTheFlag() {
        assertThatThrownBy(() -> new EvalSettings(0, 8, 1f, 1f, 0, 4)).hasMessageContaining("--samples");
        assertThatThrownBy(() -> new EvalSettings(1, 0, 1f, 1f, 0, 4)).hasMessageContaining("--max-new-tokens");
        assertThatThrownBy(() -> new EvalSettings(1, 8, -1f, 1f, 0, 4)).hasMessageContaining("--temperature");
        assertThatThrownBy(() -> new EvalSettings(1, 8, 1f, 0f, 0, 4)).hasMessageContaining("--top-p");
        assertThatThrownBy(() -> new EvalSettings(1, 8, 1f, 1f, 0, 0)).hasMessageContaining("--batch-size");
    }
}
