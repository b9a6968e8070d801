package ai.sail.generate;

import ai.sail.model.ModelConfig;
import java.util.List;

/**
 * How many new tokens each prompt may have within the model's context
 * ({@link ModelConfig#maxPositions()}), decided before anything is allocated. Past the
 * context a learned-position model has no position to embed and a rotary one computes positions it was
 * never trained on; and a prompt of many thousand tokens would first ask for an attention mask larger
 * than memory. The prompt and the whole response must fit together, because training scores them as
 * one sequence.
 *
 * <p>Prompts are named by number in messages, {@code firstNumber} for the first, so a caller that
 * generates a file in batches can name the prompt as the file counts it.
 */
final class ContextBudget {
    private ContextBudget() {}

    /**
     * New tokens allowed per prompt: {@code settings.maxNewTokens()} each, or with
     * {@link GenerationSettings#capToContext} what the context leaves when that is less. Throws an
     * {@link IllegalArgumentException} for an empty prompt and for one that does not fit.
     */
    static int[] newTokens(List<int[]> prompts, GenerationSettings settings, ModelConfig config, int firstNumber) {
        int context = config.maxPositions();
        String field = config.maxPositionsField();
        int maxNew = settings.maxNewTokens();
        if (!settings.capToContext() && maxNew >= context) {
            throw new IllegalArgumentException("--max-new-tokens is " + maxNew + ", but the model's context is "
                    + context + " tokens (" + field + ") and must also hold the prompt: use at most "
                    + (context - 1) + " new tokens");
        }
        int[] budget = new int[prompts.size()];
        for (int i = 0; i < budget.length; i++) {
            long number = (long) firstNumber + i;
            int length = prompts.get(i).length;
            if (length == 0) {
                throw new IllegalArgumentException("prompt " + number + " has no tokens; start from BOS at least");
            }
            if (settings.capToContext()) {
                if (length >= context) {
                    throw new IllegalArgumentException("prompt " + number + " has " + length
                            + " tokens; the model's context is " + context + " (" + field
                            + "), which leaves no room for a new token: shorten the prompt to at most "
                            + (context - 1) + " tokens");
                }
                budget[i] = Math.min(maxNew, context - length);
            } else {
                if ((long) length + maxNew > context) {
                    throw new IllegalArgumentException("prompt " + number + " has " + length
                            + " tokens; the model's context is " + context + " (" + field
                            + "), which must hold the prompt and up to " + maxNew
                            + " new tokens (--max-new-tokens): shorten the prompt to at most " + (context - maxNew)
                            + " tokens" + (length < context ? " or lower --max-new-tokens to " + (context - length) : ""));
                }
                budget[i] = maxNew;
            }
        }
        return budget;
    }
}
