package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made rows in each preference format, and what each must become. */
class PreferenceFormatsTest {
    @TempDir
    Path dir;

    private ReadResult<PreferenceExample> read(Path file) {
        return DatasetReader.strict().preferences(file);
    }

    @Test
    void explicitTextRows() {
        Path file = DataFiles.jsonLines(dir, "pairs.jsonl",
                "{'prompt': 'Name a colour.', 'chosen': ' Blue.', 'rejected': ' Seven.'}",
                "",
                "{'prompt': '', 'chosen': 'Once upon a time', 'rejected': 'The end', 'score': 3}");

        ReadResult<PreferenceExample> result = read(file);

        assertThat(result.format()).isEqualTo(PreferenceFormat.EXPLICIT_PROMPT);
        assertThat(result.layout()).isEqualTo(FileLayout.JSON_LINES);
        assertThat(result.examples()).containsExactly(
                new PreferenceExample(Prompt.text("Name a colour."), " Blue.", " Seven.", file + ":1"),
                new PreferenceExample(Prompt.text(""), "Once upon a time", "The end", file + ":3"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void explicitMessageRowsTakeTheFinalAssistantReply() {
        Path file = DataFiles.jsonLines(dir, "chat.jsonl",
                // TRL's conversational layout: prompt messages, one-message replies
                "{'prompt': [{'role': 'system', 'content': 'Be brief.'}, {'role': 'user', 'content': 'Hi'}],"
                        + " 'chosen': [{'role': 'assistant', 'content': 'Hello.'}],"
                        + " 'rejected': [{'role': 'assistant', 'content': 'Go away.'}]}",
                // replies stored as the whole conversation, the prompt repeated before the reply
                "{'prompt': [{'role': 'user', 'content': 'Hi'}],"
                        + " 'chosen': [{'role': 'user', 'content': 'Hi'}, {'role': 'assistant', 'content': 'Hello.'}],"
                        + " 'rejected': 'Go away.'}",
                // a text prompt counts as one user turn when the reply repeats it
                "{'prompt': 'Hi',"
                        + " 'chosen': [{'role': 'user', 'content': 'Hi'}, {'role': 'assistant', 'content': 'Hello.'}],"
                        + " 'rejected': [{'role': 'assistant', 'content': 'Go away.'}]}");

        List<PreferenceExample> examples = read(file).examples();

        assertThat(examples.get(0).prompt().messages()).containsExactly(
                new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"));
        assertThat(examples).extracting(PreferenceExample::chosen).containsOnly("Hello.");
        assertThat(examples).extracting(PreferenceExample::rejected).containsOnly("Go away.");
        assertThat(examples.get(2).prompt()).isEqualTo(Prompt.text("Hi"));
    }

    @Test
    void aReplyListWhoseLeadingMessagesAreNotThePromptIsRefused() {
        Path file = DataFiles.jsonLines(dir, "chat.jsonl",
                "{'prompt': 'Hi',"
                        + " 'chosen': [{'role': 'user', 'content': 'Bye'}, {'role': 'assistant', 'content': 'Hello.'}],"
                        + " 'rejected': 'No.'}");

        assertThatThrownBy(() -> read(file))
                .hasMessage(file + ":1: field \"chosen\": expected the assistant's reply alone, or the prompt's"
                        + " messages followed by it, but the 1 message(s) before the reply differ from the prompt");
    }

    @Test
    void aReplyListMustEndWithTheAssistant() {
        Path file = DataFiles.jsonLines(dir, "chat.jsonl",
                "{'prompt': 'Hi', 'chosen': [{'role': 'user', 'content': 'Hello.'}], 'rejected': 'No.'}");

        assertThatThrownBy(() -> read(file))
                .hasMessage(file + ":1: field \"chosen[0].role\": expected the last message to be the assistant's"
                        + " reply, got role \"user\"");
    }

    /** Anthropic HH layout: the prompt ends with the last shared "\n\nAssistant:", replies keep their space. */
    @Test
    void implicitTranscriptsSplitAtTheLastSharedAssistantMarker() {
        String prompt = "\n\nHuman: What is 2+2?\n\nAssistant: 4.\n\nHuman: And 3+3?\n\nAssistant:";
        Path file = DataFiles.write(dir.resolve("hh.jsonl"), transcripts(prompt + " 6.", prompt + " 6, I think.")
                + transcripts(prompt + " Same text", prompt + " Same text"));

        ReadResult<PreferenceExample> result = read(file);

        assertThat(result.format()).isEqualTo(PreferenceFormat.IMPLICIT_PROMPT);
        PreferenceExample first = result.examples().get(0);
        assertThat(first.prompt()).isEqualTo(Prompt.text(prompt));
        // the replies share " 6" but the cut is at the marker, not where the texts diverge
        assertThat(first.chosen()).isEqualTo(" 6.");
        assertThat(first.rejected()).isEqualTo(" 6, I think.");
        assertThat(result.examples().get(1).chosen()).isEqualTo(" Same text");
        assertThat(result.warnings()).containsExactly("1 of 2 pairs have identical chosen and rejected responses and"
                + " carry no preference signal (first: " + file + ":2)");
    }

    /** When the transcripts already differ in an earlier assistant turn, the cut is at the marker before it. */
    @Test
    void implicitTranscriptsThatDivergeEarlierKeepTheRestInTheReplies() {
        String shared = "\n\nHuman: Hi\n\nAssistant:";
        Path file = DataFiles.write(dir.resolve("hh.jsonl"), transcripts(
                shared + " Hello.\n\nHuman: Bye\n\nAssistant: Bye.",
                shared + " What?\n\nHuman: Bye\n\nAssistant: Whatever."));

        PreferenceExample example = read(file).examples().get(0);

        assertThat(example.prompt().text()).isEqualTo(shared);
        assertThat(example.chosen()).isEqualTo(" Hello.\n\nHuman: Bye\n\nAssistant: Bye.");
    }

    @Test
    void implicitTranscriptsWithoutASharedMarkerNameTheRow() {
        Path file = DataFiles.jsonLines(dir, "hh.jsonl",
                "{'chosen': 'Human: Hi Assistant: Hello', 'rejected': 'Human: Hi Assistant: Go away'}");

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":1: fields \"chosen\" and \"rejected\": expected two transcripts that"
                        + " share their beginning up to a \"\\n\\nAssistant:\" turn marker, found no shared marker");
    }

    @Test
    void implicitMessageListsShareAllButTheirReplies() {
        String hiHello = "[{'role': 'user', 'content': 'Hi'}, {'role': 'assistant', 'content': 'Hello.'}]";
        String hiWhat = "[{'role': 'user', 'content': 'Hi'}, {'role': 'assistant', 'content': 'What?'}]";
        String yoWhat = "[{'role': 'user', 'content': 'Yo'}, {'role': 'assistant', 'content': 'What?'}]";
        Path file = DataFiles.jsonArray(dir, "chat.json",
                "{'chosen': " + hiHello + ", 'rejected': " + hiWhat + "}",
                "{'chosen': " + hiHello + ", 'rejected': " + yoWhat + "}");
        DatasetReader skipping = new DatasetReader(ColumnMapping.DEFAULT, true);

        ReadResult<PreferenceExample> result = skipping.preferences(file);

        assertThat(result.layout()).isEqualTo(FileLayout.JSON_ARRAY);
        Prompt hi = Prompt.conversation(List.of(new ChatMessage("user", "Hi")));
        assertThat(result.examples()).containsExactly(new PreferenceExample(hi, "Hello.", "What?", file + "[0]"));
        assertThat(result.skipReasons()).containsExactly(file + "[1]: fields \"chosen\" and \"rejected\": expected"
                + " the same prompt messages followed by one assistant reply each, but the messages before the replies"
                + " differ");
    }

    @Test
    void shareGptRowsMapSpeakersToRoles() {
        Path file = DataFiles.jsonLines(dir, "sharegpt.jsonl",
                "{'conversations': [{'from': 'system', 'value': 'Be brief.'}, {'from': 'human', 'value': 'Hi'},"
                        + " {'from': 'gpt', 'value': 'Hello.'}, {'from': 'user', 'value': 'Name a colour.'}],"
                        + " 'chosen': {'from': 'gpt', 'value': 'Blue.'},"
                        + " 'rejected': {'from': 'assistant', 'value': 'Seven.'}}");

        PreferenceExample example = read(file).examples().get(0);

        assertThat(example.prompt().messages()).containsExactly(
                new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Hi"),
                new ChatMessage("assistant", "Hello."),
                new ChatMessage("user", "Name a colour."));
        assertThat(example.chosen()).isEqualTo("Blue.");
        assertThat(example.rejected()).isEqualTo("Seven.");
    }

    @Test
    void shareGptRejectsUnknownSpeakersAndConversationsEndingWithTheAssistant() {
        Path unknown = DataFiles.jsonLines(dir, "a.jsonl",
                "{'conversations': [{'from': 'bob', 'value': 'Hi'}], 'chosen': {'from': 'gpt', 'value': 'a'},"
                        + " 'rejected': {'from': 'gpt', 'value': 'b'}}");
        Path endsWithReply = DataFiles.jsonLines(dir, "b.jsonl",
                "{'conversations': [{'from': 'human', 'value': 'Hi'}, {'from': 'gpt', 'value': 'Hello'}],"
                        + " 'chosen': {'from': 'gpt', 'value': 'a'}, 'rejected': {'from': 'gpt', 'value': 'b'}}");
        Path humanReply = DataFiles.jsonLines(dir, "c.jsonl",
                "{'conversations': [{'from': 'human', 'value': 'Hi'}],"
                        + " 'chosen': {'from': 'human', 'value': 'a'}, 'rejected': {'from': 'gpt', 'value': 'b'}}");

        assertThatThrownBy(() -> read(unknown)).hasMessage(unknown + ":1: field \"conversations[0].from\":"
                + " expected one of human, user, gpt, assistant, system, got \"bob\"");
        assertThatThrownBy(() -> read(endsWithReply)).hasMessage(endsWithReply + ":1: field \"conversations[1].from\":"
                + " expected the last turn to be the user's (the replies answer it), got a turn with role"
                + " \"assistant\"");
        assertThatThrownBy(() -> read(humanReply)).hasMessage(humanReply + ":1: field \"chosen.from\":"
                + " expected the reply to come from gpt or assistant, got \"human\"");
    }

    @Test
    void theFormatOfTheFirstRowIsRequiredOfTheOthers() {
        Path file = DataFiles.jsonLines(dir, "mixed.jsonl",
                "{'prompt': 'Hi', 'chosen': 'a', 'rejected': 'b'}",
                "{'chosen': 'a', 'rejected': 'b'}");

        assertThatThrownBy(() -> read(file)).hasMessage(file + ":2: field \"prompt\": expected a string or a list of"
                + " {\"role\",\"content\"} messages, but the row has no such field");
    }

    /** One JSON Lines row with two transcripts (written directly: they hold newlines and apostrophes). */
    private static String transcripts(String chosen, String rejected) {
        return "{\"chosen\": " + quote(chosen) + ", \"rejected\": " + quote(rejected) + "}\n";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
