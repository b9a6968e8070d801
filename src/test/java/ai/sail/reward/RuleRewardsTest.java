package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleRewardsTest {

    static List<RewardQuery> responses(String... texts) {
        return Arrays.stream(texts).map(t -> RewardQuery.text("a prompt", t)).toList();
    }

    @Test
    void lengthRewardIsMinusTheRelativeDistanceToTheTarget() {
        LengthReward r = new LengthReward(10);
        // 10 chars -> 0; 5 -> -0.5; 0 -> -1; 25 -> -1.5; "héllo wörld" is 11 code points -> -0.1
        assertThat(r.score(responses("abcdefghij", "abcde", "", "x".repeat(25), "héllo wörld")))
                .containsExactly(0.0, -0.5, -1.0, -1.5, -0.1);
        // A character outside the BMP (two UTF-16 units) counts once.
        assertThat(r.score(responses("\uD83D\uDE00".repeat(10)))).containsExactly(0.0);
        assertThatThrownBy(() -> new LengthReward(0)).hasMessageContaining("N > 0");
    }

    @Test
    void regexRewardIsOneWhenTheResponseContainsAMatch() {
        RegexReward r = new RegexReward("(?i)once upon a time");
        assertThat(r.score(responses("Once upon a time, a cat.", "It was a dark night.", "and ONCE UPON A TIME")))
                .containsExactly(1.0, 0.0, 1.0);
        assertThat(new RegexReward("^\\d+$").score(responses("42", "42 cats"))).containsExactly(1.0, 0.0);
        assertThatThrownBy(() -> new RegexReward("(unclosed")).hasMessageContaining("not a valid Java regular expression");
    }

    @Test
    void keywordRewardIsTheShareOfKeywordsPresentAsWholeWords() {
        KeywordReward r = KeywordReward.parse("cat, dog,ice cream");
        assertThat(r.score(responses(
                "The Cat and the DOG ate ice cream.", // 3 of 3
                "The cats saw a hotdog.", // none: not whole words
                "A dog!", // 1 of 3
                "cat_dog ice  cream", // none: underscore joins words, two spaces differ
                "")))
                .containsExactly(1.0, 0.0, 1.0 / 3, 0.0, 0.0);
        // A keyword listed twice, in any case, counts once.
        assertThat(KeywordReward.parse("Sun,sun,moon").score(responses("the sun"))).containsExactly(0.5);
        assertThatThrownBy(() -> KeywordReward.parse("a,,b")).hasMessageContaining("empty keyword");
    }
}
