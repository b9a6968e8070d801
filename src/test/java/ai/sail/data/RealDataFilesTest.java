package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.Fixtures;
import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared data sets, each read through the readers and checked against the file's own content read
 * independently with Jackson.
 */
class RealDataFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SHAREGPT_ROLES =
            Map.of("human", "user", "gpt", "assistant", "system", "system");

    @Test
    void dpoEnDemoReadsAsShareGpt() throws IOException {
        Path file = Fixtures.require("data/dpo_en_demo.json");

        ReadResult<PreferenceExample> result = DatasetReader.strict().preferences(file);

        assertThat(result.examples()).hasSize(299);
        assertThat(result.format()).isEqualTo(PreferenceFormat.SHAREGPT);
        assertThat(result.layout()).isEqualTo(FileLayout.JSON_ARRAY);
        assertThat(result.skipped()).isZero();
        assertThat(result.summary()).startsWith("dpo_en_demo.json: 299 examples (ShareGPT");

        PreferenceExample first = result.examples().get(0);
        assertThat(first.prompt().messages()).containsExactly(new ChatMessage("user", "Hi! I'd like to create a new"
                + " language game simulating the first person perspective of a character named Angela."));
        assertThat(first.chosen()).startsWith("That sounds like a fun and engaging idea! Here are some tips to help"
                + " you create the game:\n1. Start with the character's name and background:");
        assertThat(first.origin()).isEqualTo(file + "[0]");

        JsonNode rows = JSON.readTree(file.toFile());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            PreferenceExample example = result.examples().get(i);
            List<ChatMessage> turns = new ArrayList<>();
            row.get("conversations").forEach(t -> turns.add(
                    new ChatMessage(SHAREGPT_ROLES.get(t.get("from").asText()), t.get("value").asText())));
            assertThat(example.prompt()).isEqualTo(Prompt.conversation(turns));
            assertThat(example.chosen()).isEqualTo(row.get("chosen").get("value").asText());
            assertThat(example.rejected()).isEqualTo(row.get("rejected").get("value").asText());
        }
    }

    @Test
    void dpoEnDemoGivesItsPromptsForOnlineTraining() {
        ReadResult<PromptExample> result = DatasetReader.strict().prompts(Fixtures.require("data/dpo_en_demo.json"));

        assertThat(result.examples()).hasSize(299);
        assertThat(result.format()).isEqualTo(PromptFormat.SHAREGPT);
        assertThat(result.examples()).allSatisfy(p -> assertThat(p.prompt().messages()).last()
                .extracting(ChatMessage::role).isEqualTo("user"));
    }

    @Test
    void stackExchangeReadsThroughAColumnMapping() throws IOException {
        Path file = Fixtures.require("data/stack_exchange_paired_tiny.json");
        DatasetReader reader = new DatasetReader(
                ColumnMapping.parse("prompt=question,chosen=response_j,rejected=response_k"), false);

        ReadResult<PreferenceExample> result = reader.preferences(file);

        assertThat(result.examples()).hasSize(25);
        assertThat(result.format()).isEqualTo(PreferenceFormat.EXPLICIT_PROMPT);
        JsonNode rows = JSON.readTree(file.toFile());
        for (int i = 0; i < rows.size(); i++) {
            PreferenceExample example = result.examples().get(i);
            assertThat(example.prompt()).isEqualTo(Prompt.text(rows.get(i).get("question").asText()));
            assertThat(example.chosen()).isEqualTo(rows.get(i).get("response_j").asText());
            assertThat(example.rejected()).isEqualTo(rows.get(i).get("response_k").asText());
        }
        assertThat(reader.prompts(file).examples()).hasSize(25);
    }

    @Test
    void stackExchangeWithoutAMappingSaysWhichFieldsItFound() {
        Path file = Fixtures.require("data/stack_exchange_paired_tiny.json");

        assertThatThrownBy(() -> DatasetReader.strict().preferences(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + "[0]: cannot tell the preference format from the row's fields"
                        + " [question, response_j, response_k]")
                .hasMessageContaining("prompt=question,chosen=response_j,rejected=response_k");
    }

    @Test
    void mtBenchTurnsAreNotAPromptFormat() {
        Path file = Fixtures.require("data/mt_bench_questions.jsonl");

        assertThatThrownBy(() -> DatasetReader.strict().prompts(file))
                .hasMessageStartingWith(file + ":1: cannot tell the prompt format from the row's fields"
                        + " [question_id, category, turns]");
    }
}
