package ai.sail.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A preference pair as token ids, ready to be batched: the prompt once, each response on its own (ending
 * in EOS unless it was cut short). The policy scores {@code prompt + chosen} and {@code prompt + rejected}.
 * The arrays are copied in and out, so the record stays immutable. {@code promptText} is the prompt as the
 * data gave it (before any chat template), for reward sources that read text.
 */
public record TokenizedPair(int[] prompt, String promptText, int[] chosen, int[] rejected, String origin) {
    public TokenizedPair {
        prompt = nonEmptyCopy(prompt, "prompt");
        Objects.requireNonNull(promptText, "promptText");
        chosen = nonEmptyCopy(chosen, "chosen");
        rejected = nonEmptyCopy(rejected, "rejected");
        Objects.requireNonNull(origin, "origin");
    }

    static int[] nonEmptyCopy(int[] ids, String what) {
        Objects.requireNonNull(ids, what);
        if (ids.length == 0) {
            throw new IllegalArgumentException(what + " has no tokens");
        }
        return ids.clone();
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    @Override
    public int[] chosen() {
        return chosen.clone();
    }

    @Override
    public int[] rejected() {
        return rejected.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenizedPair p && Arrays.equals(prompt, p.prompt) && Arrays.equals(chosen, p.chosen)
                && Arrays.equals(rejected, p.rejected) && origin.equals(p.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(prompt), Arrays.hashCode(chosen), Arrays.hashCode(rejected), origin);
    }

    @Override
    public String toString() {
        return "TokenizedPair[" + origin + ": prompt " + prompt.length + ", chosen " + chosen.length + ", rejected "
                + rejected.length + " tokens]";
    }
}
