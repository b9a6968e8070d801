package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken files: every error names the file, the line or index, the field and what was expected. */
class InvalidRowsTest {
    private static final String GOOD = "{'prompt': 'Hi', 'chosen': 'Hello.', 'rejected': 'Go away.'}";
    private static final String TEXT_OR_MESSAGES = "expected a string or a list of {\"role\",\"content\"} messages";

    @TempDir
    Path dir;

    private static ReadResult<PreferenceExample> strict(Path file) {
        return DatasetReader.strict().preferences(file);
    }

    private static ReadResult<PreferenceExample> skipping(Path file) {
        return new DatasetReader(ColumnMapping.DEFAULT, true).preferences(file);
    }

    @Test
    void aWrongTypeNamesLineFieldExpectationAndWhatWasFound() {
        Path file = DataFiles.jsonLines(dir, "data.jsonl", GOOD, GOOD, GOOD, GOOD, GOOD, GOOD,
                "{'prompt': 'Hi', 'chosen': 7, 'rejected': 'Go away.'}");

        assertThatThrownBy(() -> strict(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":7: field \"chosen\": expected a string or a list of {\"role\",\"content\"}"
                        + " messages, got a number");
    }

    @Test
    void invalidJsonOnALine() {
        Path file = DataFiles.jsonLines(dir, "data.jsonl", GOOD, "{'prompt': 'Hi', 'chosen': 'a',");

        assertThatThrownBy(() -> strict(file)).hasMessageStartingWith(file + ":2: not valid JSON: ");
    }

    @Test
    void twoValuesOnOneLineAreInvalidJson() {
        Path file = DataFiles.jsonLines(dir, "data.jsonl", GOOD + " " + GOOD);

        assertThatThrownBy(() -> strict(file)).hasMessageStartingWith(file + ":1: not valid JSON: ");
    }

    @Test
    void aMissingField() {
        Path file = DataFiles.jsonLines(dir, "data.jsonl", GOOD, "{'prompt': 'Hi', 'chosen': 'Hello.'}");

        assertThatThrownBy(() -> strict(file))
                .hasMessage(file + ":2: field \"rejected\": " + TEXT_OR_MESSAGES + ", but the row has no such field");
    }

    @Test
    void brokenMessagesNameTheirPath() {
        Path file = DataFiles.jsonLines(dir, "data.jsonl",
                "{'prompt': [{'role': 'user', 'content': 'Hi'}, {'role': 'assistant', 'text': 'Hey'}],"
                        + " 'chosen': 'a', 'rejected': 'b'}",
                "{'prompt': [{'role': 'user', 'content': null}], 'chosen': 'a', 'rejected': 'b'}",
                "{'prompt': [], 'chosen': 'a', 'rejected': 'b'}",
                "{'prompt': [{'role': '', 'content': 'Hi'}], 'chosen': 'a', 'rejected': 'b'}",
                GOOD,
                "['not', 'an', 'object']");

        String first = file + ":1: field \"prompt[1]\": expected a \"content\" field, found fields [role, text]";
        assertThatThrownBy(() -> strict(file)).hasMessage(first);
        assertThat(skipping(file).skipReasons()).containsExactly(
                first,
                file + ":2: field \"prompt[0].content\": expected a string, got null",
                file + ":3: field \"prompt\": expected a non-empty list of {\"role\",\"content\"} messages,"
                        + " got an empty list",
                file + ":4: field \"prompt[0].role\": expected a role name, got an empty string",
                file + ":6: expected a JSON object, got a list");
    }

    @Test
    void anArrayFileNamesTheIndex() {
        Path file = DataFiles.jsonArray(dir, "data.json", GOOD, "{'prompt': 'Hi', 'chosen': 'a', 'rejected': false}");

        assertThatThrownBy(() -> strict(file))
                .hasMessage(file + "[1]: field \"rejected\": " + TEXT_OR_MESSAGES + ", got a boolean");
    }

    @Test
    void aSyntaxErrorInsideAnArrayStopsTheReadEvenWhenSkipping() {
        Path file = DataFiles.write(dir.resolve("data.json"),
                ("[\n" + GOOD + ",\n{'prompt': 'Hi' 'chosen': 'a'},\n" + GOOD + "\n]\n").replace('\'', '"'));

        assertThatThrownBy(() -> skipping(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + "[1]: not valid JSON at line 3, column ")
                .hasMessageContaining("stops the read even when invalid rows are skipped");
    }

    @Test
    void skippingCountsRowsAndKeepsTheFirstReasons() {
        String bad = "{'prompt': 'Hi', 'chosen': 7, 'rejected': 'b'}";
        Path file = DataFiles.jsonLines(dir, "data.jsonl", "not json", GOOD, bad, bad, bad, bad, bad, bad, GOOD);

        ReadResult<PreferenceExample> result = skipping(file);

        assertThat(result.examples()).extracting(PreferenceExample::origin).containsExactly(file + ":2", file + ":9");
        assertThat(result.skipped()).isEqualTo(7);
        assertThat(result.skipReasons()).hasSize(ReadResult.MAX_SKIP_REASONS);
        assertThat(result.skipReasons().get(0)).startsWith(file + ":1: not valid JSON");
        assertThat(result.skipReasons().get(1)).isEqualTo(file + ":3: field \"chosen\": " + TEXT_OR_MESSAGES
                + ", got a number");
        assertThat(result.summary()).endsWith(", 7 invalid rows skipped");
    }

    @Test
    void theFormatIsDetectedFromTheFirstValidRow() {
        Path file = DataFiles.jsonLines(dir, "data.jsonl", "{'id': 1}", GOOD);

        ReadResult<PreferenceExample> result = skipping(file);

        assertThat(result.format()).isEqualTo(PreferenceFormat.EXPLICIT_PROMPT);
        assertThat(result.skipReasons()).singleElement().asString()
                .startsWith(file + ":1: cannot tell the preference format from the row's fields [id]");
    }

    @Test
    void noValidRowsIsAnError() {
        Path empty = DataFiles.write(dir.resolve("empty.jsonl"), "\n\n");
        Path emptyArray = DataFiles.write(dir.resolve("empty.json"), " [ ] ");
        Path allBad = DataFiles.jsonLines(dir, "bad.jsonl", "{'prompt': 1}", "{'prompt': 2}");

        assertThatThrownBy(() -> strict(empty)).hasMessage(empty + ": no valid rows: the file holds no rows");
        assertThatThrownBy(() -> strict(emptyArray)).hasMessage(emptyArray + ": no valid rows: the file holds no rows");
        assertThatThrownBy(() -> skipping(allBad)).hasMessage(allBad + ": no valid rows: all 2 rows are invalid;"
                + " the first: " + allBad + ":1: field \"prompt\": " + TEXT_OR_MESSAGES + ", got a number");
    }

    @Test
    void oneObjectOverSeveralLinesGetsAHint() {
        Path file = DataFiles.write(dir.resolve("data.json"), "{\n  \"data\": []\n}\n");

        assertThatThrownBy(() -> strict(file)).hasMessageStartingWith(file + ":1: not valid JSON")
                .hasMessageContaining("use a top-level array of rows");
    }
}
