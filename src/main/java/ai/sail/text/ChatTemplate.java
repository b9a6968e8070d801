package ai.sail.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Hugging Face chat template (the Jinja {@code chat_template} of {@code tokenizer_config.json}) that
 * turns a conversation into the exact prompt text the model was trained on.
 *
 * <p>Variables are those transformers passes: {@code messages} (each a map, so templates can write
 * {@code message['role']} or {@code message.role}), {@code add_generation_prompt}, the special token
 * strings ({@code bos_token}, {@code eos_token}, ...) and whatever else the caller adds (for example
 * {@code tools}). Jinjava collects errors and keeps rendering; here any fatal error (a syntax error,
 * an unknown function, a failed expression, {@code raise_exception}) becomes a
 * {@link ChatTemplateException}, so a broken template never yields a silently wrong prompt.
 *
 * <p>Limits: Python string methods that Java's {@code String} lacks ({@code startswith},
 * {@code endswith}, {@code split} returning a list) are not available and fail loudly; unknown
 * filters are passed over by Jinjava without an error.
 */
public final class ChatTemplate {
    private final String source;

    /**
     * @throws ChatTemplateException if the template's block structure is broken (an unclosed
     *     {@code for} or {@code if}, an unknown tag); errors inside expressions surface at render time
     */
    public ChatTemplate(String source) {
        this.source = Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("chat template is empty");
        }
        JinjavaInterpreter interpreter = ChatTemplateEngine.jinjava().newInterpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            interpreter.parse(source);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        failOnFatal(interpreter.getErrors(), "chat template has a syntax error");
    }

    public String source() {
        return source;
    }

    /**
     * Renders {@code messages}; {@code bosToken} / {@code eosToken} may be null (the variable is then
     * undefined, as in transformers when a tokenizer has no such token).
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, String bosToken, String eosToken) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("bos_token", bosToken);
        variables.put("eos_token", eosToken);
        return render(messages, addGenerationPrompt, variables);
    }

    /**
     * Renders with extra template variables ({@code bos_token}, {@code tools}, {@code date_string}, ...).
     * Null values are left undefined; {@code messages} and {@code add_generation_prompt} come from the
     * first two arguments.
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        Map<String, Object> context = new HashMap<>();
        variables.forEach((name, value) -> {
            if (value != null) {
                context.put(name, value);
            }
        });
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", message.role());
            turn.put("content", message.content());
            turns.add(turn);
        }
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = ChatTemplateEngine.jinjava().renderForResult(source, context);
        failOnFatal(result.getErrors(), "chat template failed to render");
        return result.getOutput();
    }

    private static void failOnFatal(List<TemplateError> errors, String what) {
        List<TemplateError> fatal = errors.stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (fatal.isEmpty()) {
            return;
        }
        for (TemplateError error : fatal) {
            for (Throwable t = error.getException(); t != null; t = t.getCause()) {
                if (t instanceof ChatTemplateException raised) {
                    throw raised;
                }
            }
        }
        String details = fatal.stream()
                .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
                .collect(Collectors.joining("; "));
        Exception cause = fatal.get(0).getException();
        throw new ChatTemplateException(what + ": " + details, cause);
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + source.length() + " chars]";
    }
}
