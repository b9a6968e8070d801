package ai.sail.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each metric against values worked out by hand from its formula. */
class EvalMetricsTest {

    @Test
    void meanRewardIsTheAverage() {
        assertThat(EvalMetrics.meanReward(new double[] {1, 2, 6})).isEqualTo(3.0);
    }

    @Test
    void winRateCountsTiesAsHalf() {
        // 1 > 0 wins, 2 = 2 ties, 3 < 4 loses, 3 > 1 wins.
        assertThat(EvalMetrics.winRate(new double[] {1, 2, 3, 3}, new double[] {0, 2, 4, 1}))
                .isEqualTo((1 + 0.5 + 0 + 1) / 4.0);
    }

    @Test
    void softWinRateIsTheMeanSigmoidOfTheRewardDifference() {
        double expected = (1 / (1 + Math.exp(-1)) + 0.5 + 1 / (1 + Math.exp(1)) + 1 / (1 + Math.exp(-2))) / 4;
        assertThat(EvalMetrics.softWinRate(new double[] {1, 2, 3, 3}, new double[] {0, 2, 4, 1}))
                .isCloseTo(expected, within(1e-15));
    }

    @Test
    void sigmoidStaysFiniteForHugeDifferences() {
        assertThat(EvalMetrics.softWinRate(new double[] {-1000, 1000}, new double[] {1000, -1000}))
                .isCloseTo(0.5, within(1e-15));
        assertThat(EvalMetrics.sigmoid(-800)).isEqualTo(0.0);
        assertThat(EvalMetrics.sigmoid(800)).isEqualTo(1.0);
    }

    @Test
    void klIsTheMeanLogRatioAndMayBeNegativeOnFewSamples() {
        double[] policy = {-3, -5, -2};
        double[] reference = {-4, -4, -2.5};
        // Log-ratios 1, -1, 0.5.
        assertThat(EvalMetrics.klEstimate(policy, reference)).isCloseTo(0.5 / 3, within(1e-15));
        assertThat(EvalMetrics.klPerToken(policy, reference, new int[] {2, 3, 5})).isCloseTo(0.5 / 10, within(1e-15));
        assertThat(EvalMetrics.klEstimate(new double[] {-5}, new double[] {-4})).isEqualTo(-1.0);
    }

    @Test
    void lengthAndEosShare() {
        assertThat(EvalMetrics.meanLength(new int[] {3, 4, 8})).isEqualTo(5.0);
        assertThat(EvalMetrics.eosShare(new boolean[] {true, false, true, true})).isEqualTo(0.75);
    }

    @Test
    void distinctNCountsUniqueNgramsWithinResponses() {
        List<int[]> responses = List.of(new int[] {1, 2, 3}, new int[] {1, 2, 4}, new int[] {5});
        // Unigrams 1,2,3,1,2,4,5: 5 unique of 7. Bigrams (1,2),(2,3),(1,2),(2,4): 3 unique of 4; none spans responses.
        assertThat(EvalMetrics.distinctN(responses, 1)).isEqualTo(5.0 / 7);
        assertThat(EvalMetrics.distinctN(responses, 2)).isEqualTo(3.0 / 4);
        assertThat(EvalMetrics.distinctN(List.of(new int[] {7, 7, 7, 7}), 2)).isEqualTo(1.0 / 3);
        assertThat(EvalMetrics.distinctN(List.of(new int[] {9}), 2)).isNaN();
    }

    @Test
    void mismatchedOrEmptyInputsAreErrors() {
        assertThatThrownBy(() -> EvalMetrics.winRate(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matched one to one");
        assertThatThrownBy(() -> EvalMetrics.meanReward(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvalMetrics.klPerToken(new double[] {1}, new double[] {0}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no tokens");
        assertThatThrownBy(() -> EvalMetrics.distinctN(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

}
