package ai.sail.data;

import java.util.List;

/**
 * Prompts as token ids, with how many were cut to the prompt budget.
 *
 * @param truncated prompts longer than the prompt budget, cut as the settings say
 */
public record PromptTokenization(List<TokenizedPrompt> prompts, int truncated) {
    public PromptTokenization {
        prompts = List.copyOf(prompts);
    }

    /** One line for the log: {@code 80 prompts: 2 truncated}. */
    public String summary() {
        return prompts.size() + " prompts: " + truncated + " truncated";
    }
}
