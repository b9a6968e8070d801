package ai.sail.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts from a JSON Lines file, one per line, in the shapes people have: a JSON string,
 * {@code {"prompt": TEXT}}, {@code {"prompt": [messages]}} or {@code {"messages": [messages]}} with
 * messages {@code {"role", "content"}}. Blank lines are skipped; anything else is an error naming the
 * file, the line and what was expected.
 */
public final class PromptFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptFile() {}

    /** A prompt as plain text or as a conversation. Exactly one of the two is non-null. */
    public record Prompt(String text, List<ChatMessage> messages) {
        public Prompt {
            if ((text == null) == (messages == null)) {
                throw new IllegalArgumentException("a prompt is either text or messages");
            }
            messages = messages == null ? null : List.copyOf(messages);
        }

        public static Prompt text(String text) {
            return new Prompt(text, null);
        }

        public static Prompt conversation(List<ChatMessage> messages) {
            return new Prompt(null, messages);
        }

        /** A one-line description: the text, or the last message's content. */
        public String display() {
            String s = text != null ? text : messages.get(messages.size() - 1).content();
            return s.length() > 80 ? s.substring(0, 77) + "..." : s;
        }
    }

    public static List<Prompt> read(Path file) {
        List<Prompt> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(parse(line, file + ":" + number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompts from " + file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no prompts");
        }
        return out;
    }

    static Prompt parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node.isTextual()) {
            return Prompt.text(node.asText());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON string or an object with \"prompt\" or \"messages\"");
        }
        JsonNode value = node.has("prompt") ? node.get("prompt") : node.get("messages");
        String field = node.has("prompt") ? "prompt" : "messages";
        if (value == null) {
            throw new IllegalArgumentException(where + ": expected a field \"prompt\" or \"messages\"");
        }
        if (value.isTextual()) {
            return Prompt.text(value.asText());
        }
        return Prompt.conversation(messages(value, where + ": field " + field));
    }

    /** A list of {@code {"role", "content"}} objects. */
    public static List<ChatMessage> messages(JsonNode value, String where) {
        if (!value.isArray() || value.isEmpty()) {
            throw new IllegalArgumentException(where + ": expected text or a non-empty list of {\"role\", \"content\"} messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        int i = 0;
        for (JsonNode m : value) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw new IllegalArgumentException(where + "[" + i + "]: expected {\"role\": TEXT, \"content\": TEXT}");
            }
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            i++;
        }
        return messages;
    }
}
