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
 *
 * <p>An implicit prompt is recovered from a pair stored as two whole conversations, the layout of
 * Anthropic's HH data and of message-list data sets without a prompt column: the prompt is what both
 * share up to the turn where the assistant's reply starts, and the responses are what follows.
 * Transcripts are cut after the last {@value #ASSISTANT_MARKER} marker that lies inside the common
 * beginning of both texts, so the prompt keeps the marker (the model is asked to continue after
 * "Assistant:") and each response keeps its leading space, as TRL's HH preprocessing does. Cutting only
 * at a marker, never mid-word where the two texts happen to diverge, keeps a shared first word of both
 * replies in the replies. Two message lists must share every message but their last, which must be the
 * assistant's: the shared messages are the prompt.
 */
final class PreferenceRowParser implements DatasetReader.RowParser<PreferenceExample, PreferenceFormat> {
    static final String ASSISTANT_MARKER = "\n\nAssistant:";

    private final ColumnMapping columns;

    PreferenceRowParser(ColumnMapping columns) {
        this.columns = columns;
    }

    @Override
    public PreferenceFormat detect(JsonNode row) {
        RowFields.requireObject(row);
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
        RowFields.requireObject(row);
        return switch (format) {
            case EXPLICIT_PROMPT -> {
                Prompt prompt = RowFields.prompt(row, columns.prompt());
                yield new PreferenceExample(prompt, reply(row, columns.chosen(), prompt),
                        reply(row, columns.rejected(), prompt), origin);
            }
            case SHAREGPT -> {
                List<ChatMessage> turns = RowFields.shareGptConversation(row, columns.conversations());
                ChatMessage last = turns.get(turns.size() - 1);
                if (!last.role().equals("user")) {
                    throw new InvalidRowException("field \"" + columns.conversations() + "[" + (turns.size() - 1)
                            + "].from\": expected the last turn to be the user's (the replies answer it),"
                            + " got a turn with role \"" + last.role() + "\"");
                }
                yield new PreferenceExample(Prompt.conversation(turns), RowFields.shareGptReply(row, columns.chosen()),
                        RowFields.shareGptReply(row, columns.rejected()), origin);
            }
            case IMPLICIT_PROMPT -> implicit(row, origin);
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
        String reply = finalReply(messages, field);
        List<ChatMessage> before = messages.subList(0, messages.size() - 1);
        if (!before.isEmpty() && !before.equals(asMessages(prompt))) {
            throw new InvalidRowException("field \"" + field + "\": expected the assistant's reply alone, or the"
                    + " prompt's messages followed by it, but the " + before.size() + " message(s) before the reply"
                    + " differ from the prompt");
        }
        return reply;
    }

    private PreferenceExample implicit(JsonNode row, String origin) {
        JsonNode chosen = RowFields.require(row, columns.chosen(), RowFields.TEXT_OR_MESSAGES);
        JsonNode rejected = RowFields.require(row, columns.rejected(), RowFields.TEXT_OR_MESSAGES);
        requireTextOrList(chosen, columns.chosen());
        requireTextOrList(rejected, columns.rejected());
        if (chosen.isTextual() && rejected.isTextual()) {
            return ofTranscripts(chosen.asText(), rejected.asText(), origin);
        }
        if (chosen.isArray() && rejected.isArray()) {
            return ofConversations(RowFields.messages(chosen, columns.chosen()),
                    RowFields.messages(rejected, columns.rejected()), origin);
        }
        throw new InvalidRowException("fields \"" + columns.chosen() + "\" and \"" + columns.rejected()
                + "\": expected both strings or both message lists, got " + RowFields.describe(chosen) + " and "
                + RowFields.describe(rejected));
    }

    /** Two transcripts cut after the last assistant marker they share. */
    private PreferenceExample ofTranscripts(String chosen, String rejected, String origin) {
        int shared = commonPrefixLength(chosen, rejected);
        int marker = chosen.lastIndexOf(ASSISTANT_MARKER, shared - ASSISTANT_MARKER.length());
        if (marker < 0) {
            throw new InvalidRowException("fields \"" + columns.chosen() + "\" and \"" + columns.rejected()
                    + "\": expected two transcripts that share their beginning up to a \"\\n\\nAssistant:\" turn"
                    + " marker, found no shared marker (give the prompt in its own column instead)");
        }
        int cut = marker + ASSISTANT_MARKER.length();
        Prompt prompt = Prompt.text(chosen.substring(0, cut));
        return new PreferenceExample(prompt, chosen.substring(cut), rejected.substring(cut), origin);
    }

    /** Two message lists that share every message but a final assistant reply each. */
    private PreferenceExample ofConversations(List<ChatMessage> chosen, List<ChatMessage> rejected, String origin) {
        String chosenReply = finalReply(chosen, columns.chosen());
        String rejectedReply = finalReply(rejected, columns.rejected());
        List<ChatMessage> prompt = chosen.subList(0, chosen.size() - 1);
        if (prompt.isEmpty() || !prompt.equals(rejected.subList(0, rejected.size() - 1))) {
            throw new InvalidRowException("fields \"" + columns.chosen() + "\" and \"" + columns.rejected()
                    + "\": expected the same prompt messages followed by one assistant reply each, but the"
                    + " messages before the replies " + (prompt.isEmpty() ? "are missing" : "differ"));
        }
        return new PreferenceExample(Prompt.conversation(prompt), chosenReply, rejectedReply, origin);
    }

    /** The content of the last message, which must be the assistant's. */
    private static String finalReply(List<ChatMessage> messages, String field) {
        ChatMessage last = messages.get(messages.size() - 1);
        if (!last.role().equals("assistant")) {
            throw new InvalidRowException("field \"" + field + "[" + (messages.size() - 1) + "].role\": expected the"
                    + " last message to be the assistant's reply, got role \"" + last.role() + "\"");
        }
        return last.content();
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

    private static int commonPrefixLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
