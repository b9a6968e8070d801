package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconRewardTest {
    private final LexiconReward sentiment = LexiconReward.sentiment();

    @Test
    void theBuiltInLexiconHoldsTheWordsOfChildrensStories() {
        SentimentLexicon lexicon = SentimentLexicon.builtIn();
        assertThat(lexicon.size()).isGreaterThan(300);
        for (String w : List.of("happy", "smile", "smiled", "love", "loved", "kind", "fun", "nice", "good", "friend",
                "laughed", "hug", "brave")) {
            assertThat(lexicon.polarity(w)).as(w).contains(1);
        }
        for (String w : List.of("sad", "cry", "cried", "angry", "scared", "bad", "hurt", "lonely", "afraid")) {
            assertThat(lexicon.polarity(w)).as(w).contains(-1);
        }
        assertThat(lexicon.polarity("table")).isEmpty();
    }

    @Test
    void scoreIsTheNetPolarityPerWord() {
        // 6 words: happy +1, smiled +1
        assertThat(sentiment.score("Lily was happy and she smiled.")).isEqualTo(2.0 / 6);
        // 5 words: sad -1, cried -1
        assertThat(sentiment.score("The SAD dog cried loudly")).isEqualTo(-2.0 / 5);
        // No lexicon words, no words at all.
        assertThat(sentiment.score("The table is brown.")).isEqualTo(0.0);
        assertThat(sentiment.score("")).isEqualTo(0.0);
        assertThat(sentiment.score("123 !!")).isEqualTo(0.0);
        // Quotes around a word and curly apostrophes are handled: 3 words, happy +1.
        assertThat(sentiment.score("‘happy’ little Tom")).isEqualTo(1.0 / 3);
    }

    @Test
    void negationFlipsTheNextThreeWordsOfTheClause() {
        assertThat(sentiment.score("I am not happy.")).isEqualTo(-1.0 / 4);
        assertThat(sentiment.score("She was never sad")).isEqualTo(1.0 / 4);
        // n't words negate, curly apostrophe included.
        assertThat(sentiment.score("Tom didn\u2019t cry")).isEqualTo(1.0 / 3);
        // Up to three words back: not really very happy -> flipped; one more word -> not flipped.
        assertThat(sentiment.score("not really very happy")).isEqualTo(-1.0 / 4);
        assertThat(sentiment.score("not really very very happy")).isEqualTo(1.0 / 5);
        // A comma ends the clause: "not sad" flips, "happy" after the comma does not. 4 words: +1 +1.
        assertThat(sentiment.score("Not sad, happy now")).isEqualTo(2.0 / 4);
        // Two negators flip once.
        assertThat(sentiment.score("no not happy")).isEqualTo(-1.0 / 3);
    }

    @Test
    void scoresEveryQueryInOrder() {
        assertThat(sentiment.score(List.of(RewardQuery.text("p", "happy"), RewardQuery.text("p", "sad"))))
                .containsExactly(1.0, -1.0);
    }

    @Test
    void aBrokenLexiconNamesTheLine() {
        String text = "# comment\nhappy\t+1\nsad\t-2\n";
        assertThatThrownBy(() -> SentimentLexicon.read(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.txt"))
                .hasMessageContaining("test.txt line 3");
        String twice = "happy\t+1\nhappy\t-1\n";
        assertThatThrownBy(() -> SentimentLexicon.read(
                new ByteArrayInputStream(twice.getBytes(StandardCharsets.UTF_8)), "test.txt"))
                .hasMessageContaining("listed twice");
    }
}
