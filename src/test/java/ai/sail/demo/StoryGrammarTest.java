package ai.sail.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.reward.LexiconReward;
import ai.sail.reward.RewardQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoryGrammarTest {

    @Test
    void storiesUseOnlyTheVocabularyAndRepeatFromTheirSeed() {
        Set<String> vocabulary = new HashSet<>(StoryGrammar.vocabulary());
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 500; i++) {
            String story = StoryGrammar.story(a);
            assertThat(story).isEqualTo(StoryGrammar.story(b));
            assertThat(story).endsWith("the end .");
            for (String w : story.split(" ")) {
                assertThat(vocabulary).as("word of: %s", story).contains(w);
            }
        }
    }

    @Test
    void openingsAreNeutralAndTheGoldRewardSeparatesHappyFromSad() {
        LexiconReward gold = LexiconReward.sentiment();
        List<String> openings = StoryGrammar.allOpenings();
        assertThat(openings).hasSize(88 + 88 + 99 + 792); // name x place, name x place, name x thing, all three
        double[] neutral = gold.score(openings.stream().map(o -> RewardQuery.text("", o)).toList());
        for (double v : neutral) {
            assertThat(v).isZero();
        }
        for (String happy : StoryGrammar.HAPPY) {
            String s = happy.replace("{n}", "lily").replace("{f}", "tom").replace("{t}", "ball");
            assertThat(gold.score(List.of(RewardQuery.text("", s)))[0]).as(s).isPositive();
        }
        for (String sad : StoryGrammar.SAD) {
            String s = sad.replace("{n}", "lily").replace("{f}", "tom").replace("{t}", "ball");
            assertThat(gold.score(List.of(RewardQuery.text("", s)))[0]).as(s).isNegative();
        }
    }
}
