package ai.sail.data;

import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Preference rows in the three {@link PreferenceFormat}s. A response given as a message list is the
 * content of its final assistant message; any messages before it must repeat the prompt (several data
 * sets store {@code chosen} as the whole conversation), otherwise the pair is refused, since a reply
 * spanning several turns cannot be scored as one response.
 */
final class PreferenceRowParser implements RowParser<PreferenceExample, PreferenceFormat> {
    private final ColumnMapping columns;

    PreferenceRowParser(ColumnMapping columns) {
        this.columns = columns;
    }

    @Override
    public PreferenceFormat detect(JsonNode row) {
        RowParser.requireObject(row);
        if (row.has(columns.prompt())) {
            return PreferenceFormat.EXPLICIT_PROMPT;
        }
        if (row.has(columns.conversations())) {
            return PreferenceFormat.SHAREGPT;
        }
        if (row.has(columns.chosen()) && row.has(columns.rejected())) {
            return PreferenceFormat.IMPLICIT_PROMPT;
        }
        throw new InvalidRowException("cannot tell the preference format from the row's fields "
                + RowFields.fieldNames(row) + ": expected \"" + columns.prompt() + "\", \"" + columns.chosen()
                + "\" and \"" + columns.rejected() + "\"; or \"" + columns.conversations() + "\" (ShareGPT) with \""
                + columns.chosen() + "\" and \"" + columns.rejected() + "\"; or \"" + columns.chosen() + "\" and \""
                + columns.rejected() + "\" alone. Other column names need a mapping such as"
                + " prompt=question,chosen=response_j,rejected=response_k");
    }

    @Override
    public PreferenceExample parse(JsonNode row, PreferenceFormat format, String origin) {
        RowParser.requireObject(row);
        return switch (format) {
            case EXPLICIT_PROMPT -> {
                Prompt prompt = RowFields.prompt(row, columns.prompt());
                yield new PreferenceExample(prompt, reply(row, columns.chosen(), prompt),
                        reply(row, columns.rejected(), prompt), origin);
            }
            case SHAREGPT -> {
                List<ChatMessage> turns = ShareGpt.conversation(row, columns.conversations());
                ChatMessage last = turns.get(turns.size() - 1);
                if (!last.role().equals("user")) {
                    throw new InvalidRowException("field \"" + columns.conversations() + "[" + (turns.size() - 1)
                            + "].from\": expected the last turn to be the user's (the replies answer it),"
                            + " got a turn with role \"" + last.role() + "\"");
                }
                yield new PreferenceExample(Prompt.conversation(turns),
                        ShareGpt.reply(row, columns.chosen()), ShareGpt.reply(row, columns.rejected()), origin);
            }
            case IMPLICIT_PROMPT -> {
                ImplicitPrompt.Split split = implicit(row);
                yield new PreferenceExample(split.prompt(), split.chosen(), split.rejected(), origin);
            }
        };
    }

    /** Pairs with identical responses teach nothing; they are kept, and counted here. */
    @Override
    public List<String> warnings(List<PreferenceExample> examples) {
        List<PreferenceExample> same = examples.stream().filter(e -> e.chosen().equals(e.rejected())).toList();
        if (same.isEmpty()) {
            return List.of();
        }
        return List.of(same.size() + " of " + examples.size() + " pairs have identical chosen and rejected responses"
                + " and carry no preference signal (first: " + same.get(0).origin() + ")");
    }

    private String reply(JsonNode row, String field, Prompt prompt) {
        JsonNode value = RowFields.require(row, field, RowFields.TEXT_OR_MESSAGES);
        if (value.isTextual()) {
            return value.asText();
        }
        if (!value.isArray()) {
            throw RowFields.wrongType(field, RowFields.TEXT_OR_MESSAGES, value);
        }
        List<ChatMessage> messages = RowFields.messages(value, field);
        String reply = ImplicitPrompt.finalReply(messages, field);
        List<ChatMessage> before = messages.subList(0, messages.size() - 1);
        if (!before.isEmpty() && !before.equals(asMessages(prompt))) {
            throw new InvalidRowException("field \"" + field + "\": expected the assistant's reply alone, or the"
                    + " prompt's messages followed by it, but the " + before.size() + " message(s) before the reply"
                    + " differ from the prompt");
        }
        return reply;
    }

    private ImplicitPrompt.Split implicit(JsonNode row) {
        JsonNode chosen = RowFields.require(row, columns.chosen(), RowFields.TEXT_OR_MESSAGES);
        JsonNode rejected = RowFields.require(row, columns.rejected(), RowFields.TEXT_OR_MESSAGES);
        requireTextOrList(chosen, columns.chosen());
        requireTextOrList(rejected, columns.rejected());
        if (chosen.isTextual() && rejected.isTextual()) {
            return ImplicitPrompt.ofTranscripts(chosen.asText(), rejected.asText(), columns);
        }
        if (chosen.isArray() && rejected.isArray()) {
            return ImplicitPrompt.ofConversations(RowFields.messages(chosen, columns.chosen()),
                    RowFields.messages(rejected, columns.rejected()), columns);
        }
        throw new InvalidRowException("fields \"" + columns.chosen() + "\" and \"" + columns.rejected()
                + "\": expected both strings or both message lists, got " + RowFields.describe(chosen) + " and "
                + RowFields.describe(rejected));
    }

    private static void requireTextOrList(JsonNode value, String field) {
        if (!value.isTextual() && !value.isArray()) {
            throw RowFields.wrongType(field, RowFields.TEXT_OR_MESSAGES, value);
        }
    }

    /** The prompt as messages: a text prompt is one user turn. */
    private static List<ChatMessage> asMessages(Prompt prompt) {
        return prompt.messages() != null ? prompt.messages() : List.of(new ChatMessage("user", prompt.text()));
    }
}
