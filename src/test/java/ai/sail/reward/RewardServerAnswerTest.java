package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RewardServerAnswerTest {

    @Test
    void readsEveryCommonShape() {
        assertThat(RewardServerAnswer.parse("{\"rewards\": [0.5, -1]}", 2)).containsExactly(0.5, -1.0);
        assertThat(RewardServerAnswer.parse("{\"scores\": [3]}", 1)).containsExactly(3.0);
        assertThat(RewardServerAnswer.parse("[1, 2, 3]", 3)).containsExactly(1.0, 2.0, 3.0);
        assertThat(RewardServerAnswer.parse("{\"rewards\": [[0.25], [4]]}", 2)).containsExactly(0.25, 4.0);
        // OpenRLHF's server sends both keys and extra logs; rewards wins.
        assertThat(RewardServerAnswer.parse("{\"rewards\": [1], \"scores\": [9], \"extra_logs\": {}}", 1))
                .containsExactly(1.0);
    }

    @Test
    void isStrictAboutTheContent() {
        assertThatThrownBy(() -> RewardServerAnswer.parse("{\"rewards\": [1, 2]}", 3))
                .hasMessageContaining("2 rewards for 3 queries");
        assertThatThrownBy(() -> RewardServerAnswer.parse("{\"rewards\": [1, NaN]}", 2)).hasMessageContaining("reward 1 is NaN");
        assertThatThrownBy(() -> RewardServerAnswer.parse("[Infinity]", 1)).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> RewardServerAnswer.parse("[null]", 1)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> RewardServerAnswer.parse("[\"1.0\"]", 1)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> RewardServerAnswer.parse("[[1, 2]]", 1)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> RewardServerAnswer.parse("{\"reward\": [1]}", 1))
                .hasMessageContaining("neither 'rewards' nor 'scores'");
        assertThatThrownBy(() -> RewardServerAnswer.parse("<html>oops", 1)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> RewardServerAnswer.parse("", 1)).hasMessageContaining("empty");
    }
}
