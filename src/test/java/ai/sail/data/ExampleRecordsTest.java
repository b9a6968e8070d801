package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.text.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records check themselves when built, so no stage downstream has to. */
class ExampleRecordsTest {
    private static final Prompt HI = Prompt.text("Hi");

    @Test
    void examplesNeedAnOriginAndANonEmptyConversation() {
        assertThatThrownBy(() -> new PreferenceExample(HI, "a", "b", " "))
                .hasMessageContaining("an example needs an origin");
        assertThatThrownBy(() -> new PromptExample(Prompt.conversation(List.of()), "f:1"))
                .hasMessage("f:1: a conversation prompt needs at least one message");
        assertThatThrownBy(() -> new PreferenceExample(HI, null, "b", "f:1")).isInstanceOf(NullPointerException.class);
        assertThat(new PreferenceExample(Prompt.text(""), "", "", "f:1").chosen()).isEmpty();
    }

    @Test
    void tokenizationSettingsNameTheBadField() {
        assertThatThrownBy(() -> new TokenizationSettings(true, 0, 10, Truncation.KEEP_END))
                .hasMessage("maxPromptLength must be positive, got 0");
        assertThatThrownBy(() -> new TokenizationSettings(true, 5, -1, Truncation.KEEP_END))
                .hasMessage("maxLength must be positive, got -1");
        assertThatThrownBy(() -> new TokenizationSettings(true, 10, 10, Truncation.KEEP_END))
                .hasMessageStartingWith("maxPromptLength (10) must be less than maxLength (10)");
        assertThatThrownBy(() -> new TokenizationSettings(true, 5, 10, null)).isInstanceOf(NullPointerException.class);
        assertThat(TokenizationSettings.defaults())
                .isEqualTo(new TokenizationSettings(true, 512, 1024, Truncation.KEEP_END));
    }

    @Test
    void truncationKeepsTheNamedEnd() {
        int[] ids = {1, 2, 3, 4, 5};

        assertThat(Truncation.KEEP_START.apply(ids, 2)).containsExactly(1, 2);
        assertThat(Truncation.KEEP_END.apply(ids, 2)).containsExactly(4, 5);
        assertThat(Truncation.KEEP_END.apply(ids, 5)).isSameAs(ids);
    }

    @Test
    void tokenizedRecordsCopyTheirArraysAndCompareByContent() {
        int[] prompt = {1, 2};
        TokenizedPair pair = new TokenizedPair(prompt, "p", new int[] {3}, new int[] {4}, "f:1");
        prompt[0] = 99;
        pair.prompt()[1] = 99;

        assertThat(pair.prompt()).containsExactly(1, 2);
        assertThat(pair).isEqualTo(new TokenizedPair(new int[] {1, 2}, "p", new int[] {3}, new int[] {4}, "f:1"))
                .hasSameHashCodeAs(new TokenizedPair(new int[] {1, 2}, "p", new int[] {3}, new int[] {4}, "f:1"));
        assertThat(new TokenizedPrompt(new int[] {7}, "p", "f:2")).isEqualTo(new TokenizedPrompt(new int[] {7}, "p", "f:2"));
        assertThatThrownBy(() -> new TokenizedPair(new int[0], "p", new int[] {3}, new int[] {4}, "f:1"))
                .hasMessage("prompt has no tokens");
    }
}
