package ai.sail.text;

import java.util.Optional;

/**
 * A chat template that could not be rendered: a syntax error, an expression Jinjava cannot evaluate, or
 * the template itself refusing the conversation through {@code raise_exception} (for example "Conversation
 * roles must alternate user/assistant"). Rendering stops instead of handing a half-rendered prompt on.
 */
public class ChatTemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String raisedMessage;

    private ChatTemplateException(String message, String raisedMessage, Throwable cause) {
        super(message, cause);
        this.raisedMessage = raisedMessage;
    }

    public ChatTemplateException(String message) {
        this(message, null, null);
    }

    public ChatTemplateException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /** The error a template raises on purpose with {@code raise_exception(message)}. */
    static ChatTemplateException raisedByTemplate(String message) {
        return new ChatTemplateException("the chat template raised an error: " + message, message, null);
    }

    /** The template's own message, when the template called {@code raise_exception}. */
    public Optional<String> raisedMessage() {
        return Optional.ofNullable(raisedMessage);
    }
}
