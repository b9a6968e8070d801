package ai.sail.text;

import java.util.Objects;

/** One turn of a conversation, as chat templates and preference data see it. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (role.isBlank()) {
            throw new IllegalArgumentException("chat message role must not be blank");
        }
    }
}
