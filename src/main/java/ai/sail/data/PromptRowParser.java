package ai.sail.data;

import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Prompt rows in the four {@link PromptFormat}s. Conversations taken from {@code messages} or ShareGPT
 * {@code conversations} end at their last user turn, so a chat log with answers (or a preference file
 * read for its prompts) yields the question the policy should answer; a {@code prompt} column is used as
 * it is.
 */
final class PromptRowParser implements DatasetReader.RowParser<PromptExample, PromptFormat> {
    private static final String MESSAGES_FIELD = "messages";

    private final ColumnMapping columns;

    PromptRowParser(ColumnMapping columns) {
        this.columns = columns;
    }

    @Override
    public PromptFormat detect(JsonNode row) {
        if (row.isTextual()) {
            return PromptFormat.TEXT;
        }
        RowFields.requireObject(row);
        if (row.has(columns.prompt())) {
            return PromptFormat.PROMPT;
        }
        if (row.has(MESSAGES_FIELD)) {
            return PromptFormat.MESSAGES;
        }
        if (row.has(columns.conversations())) {
            return PromptFormat.SHAREGPT;
        }
        throw new InvalidRowException("cannot tell the prompt format from the row's fields " + RowFields.fieldNames(row)
                + ": expected a JSON string, or a field \"" + columns.prompt() + "\", \"" + MESSAGES_FIELD + "\" or \""
                + columns.conversations() + "\" (ShareGPT). Other column names need a mapping such as prompt=question");
    }

    @Override
    public PromptExample parse(JsonNode row, PromptFormat format, String origin) {
        if (format == PromptFormat.TEXT) {
            if (!row.isTextual()) {
                throw new InvalidRowException("expected a JSON string, as in the file's first row, got "
                        + RowFields.describe(row));
            }
            return new PromptExample(Prompt.text(row.asText()), origin);
        }
        RowFields.requireObject(row);
        Prompt prompt = switch (format) {
            case PROMPT -> RowFields.prompt(row, columns.prompt());
            case MESSAGES -> upToLastUserTurn(RowFields.messages(
                    RowFields.require(row, MESSAGES_FIELD, RowFields.NON_EMPTY_MESSAGES), MESSAGES_FIELD),
                    MESSAGES_FIELD);
            case SHAREGPT -> upToLastUserTurn(
                    RowFields.shareGptConversation(row, columns.conversations()), columns.conversations());
            case TEXT -> throw new AssertionError("handled above");
        };
        return new PromptExample(prompt, origin);
    }

    private static Prompt upToLastUserTurn(List<ChatMessage> turns, String field) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role().equals("user")) {
                return Prompt.conversation(turns.subList(0, i + 1));
            }
        }
        throw new InvalidRowException("field \"" + field + "\": expected at least one user turn, found none");
    }
}
