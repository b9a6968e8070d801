package ai.sail.reward;

import java.util.Objects;

/**
 * One response to score, in both forms the reward sources need: text for the rule-based rewards, the
 * reward servers and reward models (which tokenise with their own tokenizer), and the policy's token
 * ids for the implicit reward (which must see exactly the tokens the policy produced).
 *
 * <p>{@code prompt} is the prompt as the user wrote it, not rendered with the policy's chat template: a
 * reward model applies its own template. The id arrays are copied on construction; do not modify the
 * arrays the accessors return.
 *
 * @param prompt the prompt text
 * @param response the response text
 * @param promptIds the prompt as the policy saw it (chat template and special tokens included)
 * @param responseIds the response tokens the policy generated
 */
public record RewardQuery(String prompt, String response, int[] promptIds, int[] responseIds) {

    public RewardQuery {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(response, "response");
        promptIds = Objects.requireNonNull(promptIds, "promptIds").clone();
        responseIds = Objects.requireNonNull(responseIds, "responseIds").clone();
    }

    /** A query for text-based sources only: no token ids (the implicit reward refuses it). */
    public static RewardQuery text(String prompt, String response) {
        return new RewardQuery(prompt, response, new int[0], new int[0]);
    }
}
