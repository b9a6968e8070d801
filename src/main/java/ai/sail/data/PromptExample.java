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
        ExampleChecks.requireOrigin(origin);
        ExampleChecks.requirePrompt(prompt, origin);
    }
}
