package ai.sail.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A prompt as token ids, for generation, and as the data gave it ({@code promptText}, for reward sources
 * that read text). The array is copied in and out, so the record stays immutable.
 */
public record TokenizedPrompt(int[] prompt, String promptText, String origin) {
    public TokenizedPrompt {
        prompt = TokenizedPair.nonEmptyCopy(prompt, "prompt");
        Objects.requireNonNull(promptText, "promptText");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenizedPrompt p && Arrays.equals(prompt, p.prompt) && origin.equals(p.origin);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prompt) + origin.hashCode();
    }

    @Override
    public String toString() {
        return "TokenizedPrompt[" + origin + ": " + prompt.length + " tokens]";
    }
}
