package ai.sail.generate;

import java.util.Objects;
import java.util.function.Function;

/**
 * The policy's tokenizer, as the two functions an engine client needs: text for an engine that takes
 * text prompts, and ids for an engine that answers with text only. Functions rather than the
 * tokenizer, so that this package does not depend on {@code text}.
 *
 * @param decode response ids to text, special tokens skipped (as {@link Generator} decodes)
 * @param encode response text to ids, no special tokens added
 */
public record TokenText(Function<int[], String> decode, Function<String, int[]> encode) {

    public TokenText {
        Objects.requireNonNull(decode, "decode");
        Objects.requireNonNull(encode, "encode");
    }
}
