package ai.sail.data;

import ai.sail.text.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * ShareGPT turns ({@code {"from": "human", "value": "..."}}) as chat messages. The speaker names map
 * onto chat template roles: {@code human} and {@code user} to {@code user}, {@code gpt} and
 * {@code assistant} to {@code assistant}, {@code system} to {@code system}. Other speakers (tool calls,
 * observations) are refused rather than guessed at.
 */
final class ShareGpt {
    private static final Map<String, String> ROLES = Map.of(
            "human", "user", "user", "user",
            "gpt", "assistant", "assistant", "assistant",
            "system", "system");
    private static final String SPEAKERS = "human, user, gpt, assistant, system";
    private static final String TURNS = "a non-empty list of {\"from\",\"value\"} turns";
    private static final String REPLY = "a {\"from\": \"gpt\", \"value\": TEXT} reply or a string";

    private ShareGpt() {}

    /** The whole conversation of {@code field}, in order. */
    static List<ChatMessage> conversation(JsonNode row, String field) {
        JsonNode value = RowFields.require(row, field, TURNS);
        if (!value.isArray() || value.isEmpty()) {
            throw RowFields.wrongType(field, TURNS, value);
        }
        List<ChatMessage> turns = new ArrayList<>(value.size());
        int i = 0;
        for (Iterator<JsonNode> it = value.elements(); it.hasNext(); i++) {
            turns.add(turn(it.next(), field + "[" + i + "]"));
        }
        return turns;
    }

    /** The reply text of {@code field}: a turn spoken by the assistant, or a bare string. */
    static String reply(JsonNode row, String field) {
        JsonNode value = RowFields.require(row, field, REPLY);
        if (value.isTextual()) {
            return value.asText();
        }
        if (!value.isObject()) {
            throw RowFields.wrongType(field, REPLY, value);
        }
        ChatMessage turn = turn(value, field);
        if (!turn.role().equals("assistant")) {
            throw new InvalidRowException("field \"" + field + ".from\": expected the reply to come from gpt or"
                    + " assistant, got \"" + value.get("from").asText() + "\"");
        }
        return turn.content();
    }

    private static ChatMessage turn(JsonNode turn, String at) {
        if (!turn.isObject()) {
            throw RowFields.wrongType(at, "a {\"from\",\"value\"} turn", turn);
        }
        String from = RowFields.text(RowFields.member(turn, at, "from"), at + ".from", "a speaker name");
        String role = ROLES.get(from);
        if (role == null) {
            throw new InvalidRowException("field \"" + at + ".from\": expected one of " + SPEAKERS
                    + ", got \"" + from + "\"");
        }
        String text = RowFields.text(RowFields.member(turn, at, "value"), at + ".value", "a string");
        return new ChatMessage(role, text);
    }
}
