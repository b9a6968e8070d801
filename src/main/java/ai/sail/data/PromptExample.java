package ai.sail.data;

import ai.sail.text.Prompt;
import java.util.Objects;

/**
 * A prompt without responses, for online training: the policy writes the responses itself. {@code origin}
 * is {@code file:line} or {@code file[index]}.
 */
public record PromptExample(Prompt prompt, String origin) {
    public PromptExample {
        Objects.requireNonNull(prompt, "prompt");
        check(prompt, origin);
    }

    /**
     * The checks every example makes (a {@link PreferenceExample} too): it says where it came from, and
     * a conversation prompt has at least one message (a chat template cannot render an empty
     * conversation, while an empty text prompt is fine: it becomes BOS alone).
     */
    static void check(Prompt prompt, String origin) {
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("an example needs an origin (file:line or file[index])");
        }
        if (prompt.messages() != null && prompt.messages().isEmpty()) {
            throw new IllegalArgumentException(origin + ": a conversation prompt needs at least one message");
        }
    }
}
