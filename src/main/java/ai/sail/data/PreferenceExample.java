package ai.sail.data;

import ai.sail.text.Prompt;
import java.util.Objects;

/**
 * One preference pair: a prompt, the response people preferred ({@code chosen}) and the one they did
 * not ({@code rejected}). Responses are plain text, the assistant's reply alone; the prompt is text or a
 * conversation ending where the reply starts. {@code origin} says where the pair came from
 * ({@code file:line} or {@code file[index]}), so every later error or drop can be traced to its row.
 *
 * <p>{@code chosen} may equal {@code rejected}: such a pair carries no preference signal (its DPO
 * gradient is zero) but is harmless, so readers keep it and warn instead of refusing the file.
 */
public record PreferenceExample(Prompt prompt, String chosen, String rejected, String origin) {
    public PreferenceExample {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        PromptExample.check(prompt, origin);
    }
}
