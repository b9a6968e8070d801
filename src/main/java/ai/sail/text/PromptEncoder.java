package ai.sail.text;

import java.util.List;

/**
 * Turns prompts and responses into token ids the way the Python tools do: a plain prompt gets the
 * tokenizer's special tokens (BOS for Llama-style models); a chat prompt is rendered with the model's
 * chat template and tokenized without adding special tokens (the template writes them itself); a
 * response is tokenized on its own, without special tokens. An empty prompt is BOS alone.
 */
public final class PromptEncoder {
    private final TextTokenizer tokenizer;
    private final int fallbackBos;
    private ChatTemplate template; // built on first use: a broken template only matters to chat prompts

    /**
     * @param fallbackBos the model configuration's BOS id, used when the tokenizer names none; -1 if
     *     there is none either
     */
    public PromptEncoder(TextTokenizer tokenizer, int fallbackBos) {
        this.tokenizer = tokenizer;
        this.fallbackBos = fallbackBos;
    }

    public boolean hasChatTemplate() {
        return tokenizer.chatTemplate().isPresent();
    }

    /** Prompt ids; a conversation always goes through the chat template, plain text only when asked. */
    public int[] prompt(Prompt prompt, boolean chat) {
        if (prompt.messages() != null) {
            return chatIds(prompt.messages());
        }
        if (chat) {
            return chatIds(List.of(new ChatMessage("user", prompt.text())));
        }
        int[] ids = tokenizer.encode(prompt.text(), true);
        if (ids.length == 0) {
            return new int[] {bos()};
        }
        return ids;
    }

    /** Response ids, without special tokens. */
    public int[] response(String text) {
        return tokenizer.encode(text, false);
    }

    /** The rendered chat prompt text with the generation prompt appended. */
    public String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        if (template == null) {
            template = new ChatTemplate(tokenizer.chatTemplate().orElseThrow(() -> new IllegalArgumentException(
                    "the model's tokenizer has no chat_template; drop --chat or use a model with a chat template")));
        }
        return template.render(messages, addGenerationPrompt, special(tokenizer.bosId()), special(tokenizer.eosIds().stream().findFirst()));
    }

    private int[] chatIds(List<ChatMessage> messages) {
        int[] ids = tokenizer.encode(renderChat(messages, true), false);
        return ids.length == 0 ? new int[] {bos()} : ids;
    }

    private int bos() {
        if (tokenizer.bosId().isPresent()) {
            return tokenizer.bosId().getAsInt();
        }
        if (fallbackBos >= 0) {
            return fallbackBos;
        }
        throw new IllegalArgumentException("an empty prompt needs a BOS token, and this model names none");
    }

    /** The token's text, or null (an undefined template variable, as in transformers) when there is none. */
    private String special(java.util.OptionalInt id) {
        return id.isPresent() ? tokenizer.tokenText(id.getAsInt()) : null;
    }

    private String special(java.util.Optional<Integer> id) {
        return id.map(tokenizer::tokenText).orElse(null);
    }
}
