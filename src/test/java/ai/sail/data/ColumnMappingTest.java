package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColumnMappingTest {
    private static final String VALID_KEYS = "valid keys: prompt, chosen, rejected, conversations";

    @Test
    void parsesPairsAndKeepsTheOtherKeysUnderTheirOwnNames() {
        ColumnMapping mapping = ColumnMapping.parse("prompt=question, chosen = response_j,rejected=response_k");

        assertThat(mapping).isEqualTo(new ColumnMapping("question", "response_j", "response_k", "conversations"));
        assertThat(mapping).hasToString("prompt=question,chosen=response_j,rejected=response_k");
        assertThat(ColumnMapping.parse(mapping.toString())).isEqualTo(mapping);
    }

    @Test
    void unknownKeyListsTheValidOnes() {
        assertThatThrownBy(() -> ColumnMapping.parse("prompt=question,answer=response_j"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key \"answer\"")
                .hasMessageContaining(VALID_KEYS);
    }

    @Test
    void malformedTextSaysWhatWasExpected() {
        for (String text : new String[] {"prompt", "prompt=", "=question", "prompt=question,", "a=b=c", " "}) {
            assertThatThrownBy(() -> ColumnMapping.parse(text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected key=column pairs separated by commas")
                    .hasMessageContaining(VALID_KEYS);
        }
    }

    @Test
    void aKeyGivenTwiceOrTwoKeysOnOneColumnAreErrors() {
        assertThatThrownBy(() -> ColumnMapping.parse("prompt=a,prompt=b"))
                .hasMessageContaining("key \"prompt\" is given twice");
        assertThatThrownBy(() -> ColumnMapping.parse("chosen=answer,rejected=answer"))
                .hasMessageContaining("\"chosen\" and \"rejected\" both read column \"answer\"");
    }

    @Test
    void defaultPrintsAsSuch() {
        assertThat(ColumnMapping.DEFAULT).hasToString("(default columns)");
    }
}
