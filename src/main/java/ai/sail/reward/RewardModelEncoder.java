package ai.sail.reward;

import ai.sail.model.LanguageModel;
import ai.sail.text.ChatMessage;
import ai.sail.text.PromptEncoder;
import java.util.List;

/**
 * Turns a query into the token ids a reward model expects, with the reward model's OWN tokenizer and
 * chat template (never the policy's: a reward model scores text formatted as it was trained on).
 *
 * <p>With a chat template: the conversation [user: prompt, assistant: response] rendered without a
 * generation prompt and tokenised without special tokens (the template writes them), as Python reward
 * pipelines do with {@code apply_chat_template(..., tokenize=False)}. Without one: prompt + response
 * text tokenised with the tokenizer's special tokens (BOS for Llama-style tokenizers).
 */
final class RewardModelEncoder {
    private final LanguageModel model;
    private final PromptEncoder prompts;

    RewardModelEncoder(LanguageModel model) {
        this.model = model;
        this.prompts = new PromptEncoder(model.tokenizer(), model.config().bosId());
    }

    boolean usesChatTemplate() {
        return prompts.hasChatTemplate();
    }

    /** @param index the query's position, for error messages */
    int[] encode(RewardQuery query, int index) {
        int[] ids = usesChatTemplate()
                ? model.tokenizer().encode(prompts.renderChat(List.of(new ChatMessage("user", query.prompt()),
                        new ChatMessage("assistant", query.response())), false), false)
                : model.tokenizer().encode(query.prompt() + query.response(), true);
        if (ids.length == 0) {
            throw new IllegalArgumentException("reward model " + model.source() + ": query " + index
                    + " encodes to no tokens (empty prompt and response, and the tokenizer adds no BOS)");
        }
        int vocab = model.config().vocabSize();
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("reward model " + model.source() + ": query " + index
                        + " encodes to token id " + id + ", outside the model's vocabulary of " + vocab
                        + " (tokenizer and weights do not match)");
            }
        }
        return ids;
    }
}
