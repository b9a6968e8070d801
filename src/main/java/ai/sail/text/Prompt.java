package ai.sail.text;

import java.util.List;

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
