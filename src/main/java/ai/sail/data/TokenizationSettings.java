package ai.sail.data;

import java.util.Objects;

/**
 * How examples become token ids, with TRL's DPO names and defaults.
 *
 * @param useChatTemplate render prompts with the tokenizer's chat template when it has one (a text
 *     prompt becomes one user message); without a template this setting has no effect
 * @param maxPromptLength the most prompt tokens kept; longer prompts are cut as {@code truncation} says
 *     (TRL {@code max_prompt_length}, default 512)
 * @param maxLength the most tokens of prompt plus one response; responses are cut at their end to fit
 *     (TRL {@code max_length}, default 1024)
 * @param truncation which end of a too-long prompt survives (TRL {@code truncation_mode}, default keep end)
 */
public record TokenizationSettings(boolean useChatTemplate, int maxPromptLength, int maxLength, Truncation truncation) {
    public TokenizationSettings {
        Objects.requireNonNull(truncation, "truncation");
        if (maxPromptLength <= 0) {
            throw new IllegalArgumentException("maxPromptLength must be positive, got " + maxPromptLength);
        }
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive, got " + maxLength);
        }
        if (maxPromptLength >= maxLength) {
            throw new IllegalArgumentException("maxPromptLength (" + maxPromptLength + ") must be less than maxLength ("
                    + maxLength + "), so every response keeps at least one token");
        }
    }

    /** TRL's defaults: chat template on, 512 prompt tokens, 1024 in all, keep the end of long prompts. */
    public static TokenizationSettings defaults() {
        return new TokenizationSettings(true, 512, 1024, Truncation.KEEP_END);
    }

    /**
     * These settings cut to a model's context of {@code positions} tokens: {@code maxLength} no longer
     * than the context, and the prompt limit below it (halved when it would leave no room). Returns
     * this object when it already fits.
     */
    public TokenizationSettings fittedTo(int positions) {
        if (maxLength <= positions) {
            return this;
        }
        int prompt = maxPromptLength < positions ? maxPromptLength : Math.max(1, positions / 2);
        return new TokenizationSettings(useChatTemplate, prompt, positions, truncation);
    }
}
