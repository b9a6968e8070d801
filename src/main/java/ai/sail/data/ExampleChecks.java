package ai.sail.data;

import ai.sail.text.Prompt;

/**
 * The checks both example records share: every example says where it came from, and a conversation
 * prompt has at least one message (a chat template cannot render an empty conversation, while an empty
 * text prompt is fine: it becomes BOS alone).
 */
final class ExampleChecks {
    private ExampleChecks() {}

    static void requireOrigin(String origin) {
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("an example needs an origin (file:line or file[index])");
        }
    }

    static void requirePrompt(Prompt prompt, String origin) {
        if (prompt.messages() != null && prompt.messages().isEmpty()) {
            throw new IllegalArgumentException(origin + ": a conversation prompt needs at least one message");
        }
    }
}
