package ai.sail.data;

import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a row's fields. Each failure names the field (with its path inside lists, e.g.
 * {@code prompt[2].content}), what was expected and what was found, so that a user can fix the row
 * from the message alone.
 *
 * <p>Conversations come as {@code {"role","content"}} messages or as ShareGPT turns
 * ({@code {"from": "human", "value": "..."}}). ShareGPT speaker names map onto chat template roles:
 * {@code human} and {@code user} to {@code user}, {@code gpt} and {@code assistant} to
 * {@code assistant}, {@code system} to {@code system}. Other speakers (tool calls, observations) are
 * refused rather than guessed at.
 */
final class RowFields {
    private static final String MESSAGE_LIST = "list of {\"role\",\"content\"} messages";
    static final String MESSAGES = "a " + MESSAGE_LIST;
    static final String NON_EMPTY_MESSAGES = "a non-empty " + MESSAGE_LIST;
    static final String TEXT_OR_MESSAGES = "a string or " + MESSAGES;

    private static final Map<String, String> SHAREGPT_ROLES = Map.of(
            "human", "user", "user", "user",
            "gpt", "assistant", "assistant", "assistant",
            "system", "system");
    private static final String SHAREGPT_SPEAKERS = "human, user, gpt, assistant, system";
    private static final String SHAREGPT_TURNS = "a non-empty list of {\"from\",\"value\"} turns";
    private static final String SHAREGPT_REPLY = "a {\"from\": \"gpt\", \"value\": TEXT} reply or a string";

    private RowFields() {}

    /** A row must be a JSON object to have fields at all. */
    static void requireObject(JsonNode row) {
        if (!row.isObject()) {
            throw new InvalidRowException("expected a JSON object, got " + describe(row));
        }
    }

    /** The field's value; a missing field is an error saying what it should have held. */
    static JsonNode require(JsonNode row, String field, String expected) {
        JsonNode value = row.get(field);
        if (value == null) {
            throw new InvalidRowException("field \"" + field + "\": expected " + expected
                    + ", but the row has no such field");
        }
        return value;
    }

    static String text(JsonNode row, String field) {
        return text(require(row, field, "a string"), field, "a string");
    }

    /** {@code value} as a string, or an error naming {@code path}. */
    static String text(JsonNode value, String path, String expected) {
        if (!value.isTextual()) {
            throw wrongType(path, expected, value);
        }
        return value.asText();
    }

    /** A prompt field: text, or a non-empty list of {@code {"role","content"}} messages. */
    static Prompt prompt(JsonNode row, String field) {
        JsonNode value = require(row, field, TEXT_OR_MESSAGES);
        if (value.isTextual()) {
            return Prompt.text(value.asText());
        }
        if (value.isArray()) {
            return Prompt.conversation(messages(value, field));
        }
        throw wrongType(field, TEXT_OR_MESSAGES, value);
    }

    /** A non-empty list of {@code {"role": TEXT, "content": TEXT}} objects. */
    static List<ChatMessage> messages(JsonNode value, String path) {
        if (!value.isArray() || value.isEmpty()) {
            throw wrongType(path, NON_EMPTY_MESSAGES, value);
        }
        List<ChatMessage> messages = new ArrayList<>(value.size());
        int i = 0;
        for (Iterator<JsonNode> it = value.elements(); it.hasNext(); i++) {
            JsonNode message = it.next();
            String at = path + "[" + i + "]";
            if (!message.isObject()) {
                throw wrongType(at, "a {\"role\",\"content\"} object", message);
            }
            String role = text(member(message, at, "role"), at + ".role", "a role name");
            if (role.isBlank()) {
                throw new InvalidRowException("field \"" + at + ".role\": expected a role name, got an empty string");
            }
            String content = text(member(message, at, "content"), at + ".content", "a string");
            messages.add(new ChatMessage(role, content));
        }
        return messages;
    }

    /** The whole ShareGPT conversation of {@code field}, in order. */
    static List<ChatMessage> shareGptConversation(JsonNode row, String field) {
        JsonNode value = require(row, field, SHAREGPT_TURNS);
        if (!value.isArray() || value.isEmpty()) {
            throw wrongType(field, SHAREGPT_TURNS, value);
        }
        List<ChatMessage> turns = new ArrayList<>(value.size());
        int i = 0;
        for (Iterator<JsonNode> it = value.elements(); it.hasNext(); i++) {
            turns.add(shareGptTurn(it.next(), field + "[" + i + "]"));
        }
        return turns;
    }

    /** The reply text of ShareGPT {@code field}: a turn spoken by the assistant, or a bare string. */
    static String shareGptReply(JsonNode row, String field) {
        JsonNode value = require(row, field, SHAREGPT_REPLY);
        if (value.isTextual()) {
            return value.asText();
        }
        if (!value.isObject()) {
            throw wrongType(field, SHAREGPT_REPLY, value);
        }
        ChatMessage turn = shareGptTurn(value, field);
        if (!turn.role().equals("assistant")) {
            throw new InvalidRowException("field \"" + field + ".from\": expected the reply to come from gpt or"
                    + " assistant, got \"" + value.get("from").asText() + "\"");
        }
        return turn.content();
    }

    private static ChatMessage shareGptTurn(JsonNode turn, String at) {
        if (!turn.isObject()) {
            throw wrongType(at, "a {\"from\",\"value\"} turn", turn);
        }
        String from = text(member(turn, at, "from"), at + ".from", "a speaker name");
        String role = SHAREGPT_ROLES.get(from);
        if (role == null) {
            throw new InvalidRowException("field \"" + at + ".from\": expected one of " + SHAREGPT_SPEAKERS
                    + ", got \"" + from + "\"");
        }
        String text = text(member(turn, at, "value"), at + ".value", "a string");
        return new ChatMessage(role, text);
    }

    /** A field inside a nested object, e.g. {@code role} of {@code prompt[0]}, named by its whole path. */
    static JsonNode member(JsonNode object, String at, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            throw new InvalidRowException("field \"" + at + "\": expected a \"" + field + "\" field, found fields "
                    + fieldNames(object));
        }
        return value;
    }

    static InvalidRowException wrongType(String path, String expected, JsonNode found) {
        return new InvalidRowException("field \"" + path + "\": expected " + expected + ", got " + describe(found));
    }

    /** What a JSON value is, in words: {@code a number}, {@code an empty list}, {@code null}, ... */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return value.asText().isEmpty() ? "an empty string" : "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return value.isEmpty() ? "an empty list" : "a list";
        }
        return "an object";
    }

    /** The field names of an object row, for messages: {@code [question, response_j]}. */
    static String fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }
}
