package ai.sail.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Matched-KL reading and intervals against values worked out by hand. */
class MatchedKlTest {

    @Test
    void theRewardIsReadWhereThePathFirstReachesTheBudget() {
        double[] kl = {0, 1, 3, 2.5, 5};
        double[] reward = {0.0, 0.10, 0.30, 0.20, 0.40};
        // Budget 2 lies between 1 and 3: halfway, so 0.10 + 0.5 * 0.20 = 0.20.
        assertThat(MatchedKl.rewardAt(kl, reward, 2)).isCloseTo(0.20, within(1e-12));
        // Budget 4: first reached between 2.5 and 5 (the dip to 2.5 is crossed again): 0.20 + 0.6 * 0.20.
        assertThat(MatchedKl.rewardAt(kl, reward, 4)).isCloseTo(0.32, within(1e-12));
        assertThat(MatchedKl.rewardAt(kl, reward, 0)).isEqualTo(0.0);
        assertThat(MatchedKl.rewardAt(kl, reward, 6)).isNaN();
    }

    @Test
    void theIntervalIsTheStudentTIntervalOfTheMean() {
        // Values 1, 2, 3: mean 2, sd 1, se 1/sqrt(3); t(0.975, 2) = 4.303 -> half width 2.4843.
        MatchedKl.Interval i = MatchedKl.interval(new double[] {1, 2, 3});
        assertThat(i.mean()).isEqualTo(2.0);
        assertThat(i.high() - i.mean()).isCloseTo(4.303 / Math.sqrt(3), within(1e-9));
        assertThat(i.excludesZero()).isFalse();
        assertThat(MatchedKl.interval(new double[] {1, Double.NaN}).n()).isEqualTo(1);
    }

    @Test
    void pairedDifferencesRemoveWhatTheSeedsShare() {
        // Seed effects of 0, 1, 2 shared by both methods; a constant 0.1 advantage plus tiny noise.
        double[] a = {0.11, 1.10, 2.10};
        double[] b = {0.00, 1.00, 2.00};
        MatchedKl.Interval d = MatchedKl.pairedDifference(a, b);
        assertThat(d.mean()).isCloseTo(0.10333, within(1e-5));
        assertThat(d.excludesZero()).isTrue();
        // Unpaired, the seed effects swamp the same advantage.
        MatchedKl.Interval ia = MatchedKl.interval(a);
        MatchedKl.Interval ib = MatchedKl.interval(b);
        assertThat(ia.low()).isLessThan(ib.high());
    }
}
