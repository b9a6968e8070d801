package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptReadingTest {
    @TempDir
    Path dir;

    private static ReadResult<PromptExample> read(Path file) {
        return DatasetReader.strict().prompts(file);
    }

    @Test
    void bareStrings() {
        Path file = DataFiles.jsonLines(dir, "p.jsonl", "'Name a colour.'", "''");

        ReadResult<PromptExample> result = read(file);

        assertThat(result.format()).isEqualTo(PromptFormat.TEXT);
        assertThat(result.examples()).containsExactly(
                new PromptExample(Prompt.text("Name a colour."), file + ":1"),
                new PromptExample(Prompt.text(""), file + ":2"));
    }

    @Test
    void promptFieldAsTextOrMessagesIsUsedAsItIs() {
        Path file = DataFiles.jsonLines(dir, "p.jsonl",
                "{'prompt': 'Name a colour.'}",
                "{'prompt': [{'role': 'user', 'content': 'Hi'}, {'role': 'assistant', 'content': 'Hello.'}]}");

        ReadResult<PromptExample> result = read(file);

        assertThat(result.format()).isEqualTo(PromptFormat.PROMPT);
        assertThat(result.examples().get(1).prompt().messages()).hasSize(2);
    }

    @Test
    void messagesAndShareGptEndAtTheLastUserTurn() {
        Path messages = DataFiles.jsonLines(dir, "m.jsonl",
                "{'messages': [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Hi'},"
                        + " {'role': 'assistant', 'content': 'Hello.'}]}");
        Path shareGpt = DataFiles.jsonArray(dir, "s.json",
                "{'conversations': [{'from': 'human', 'value': 'Hi'}, {'from': 'gpt', 'value': 'Hello.'},"
                        + " {'from': 'human', 'value': 'Bye'}, {'from': 'gpt', 'value': 'Bye.'}]}");

        assertThat(read(messages).format()).isEqualTo(PromptFormat.MESSAGES);
        assertThat(read(messages).examples().get(0).prompt().messages())
                .containsExactly(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"));
        assertThat(read(shareGpt).format()).isEqualTo(PromptFormat.SHAREGPT);
        assertThat(read(shareGpt).examples().get(0).prompt().messages()).containsExactly(new ChatMessage("user", "Hi"),
                new ChatMessage("assistant", "Hello."), new ChatMessage("user", "Bye"));
    }

    @Test
    void aConversationWithoutAUserTurnIsAnError() {
        Path file = DataFiles.jsonLines(dir, "m.jsonl", "{'messages': [{'role': 'system', 'content': 'Be brief.'}]}");

        assertThatThrownBy(() -> read(file))
                .hasMessage(file + ":1: field \"messages\": expected at least one user turn, found none");
    }

    @Test
    void aMappedPromptColumn() {
        Path file = DataFiles.jsonLines(dir, "q.jsonl", "{'question': 'Why?', 'response_j': 'Because.'}");

        DatasetReader reader = new DatasetReader(ColumnMapping.parse("prompt=question"), false);

        ReadResult<PromptExample> result = reader.prompts(file);

        assertThat(result.examples()).containsExactly(new PromptExample(Prompt.text("Why?"), file + ":1"));
    }

    @Test
    void aTextFileMustStayText() {
        Path file = DataFiles.jsonLines(dir, "p.jsonl", "'Hi'", "{'prompt': 'Hi'}");

        assertThatThrownBy(() -> read(file))
                .hasMessage(file + ":2: expected a JSON string, as in the file's first row, got an object");
    }
}
