package ai.sail.data;

import ai.sail.text.ChatMessage;
import ai.sail.text.PromptEncoder;
import ai.sail.text.Prompt;
import ai.sail.text.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Preference pairs and prompts as token ids, prepared the way TRL's DPO trainer prepares them, so a
 * model trained here sees the sequences it would see there.
 *
 * <ul>
 *   <li>Prompt: with the chat template in use (asked for, and the tokenizer has one) the prompt is
 *       rendered with {@code add_generation_prompt} (a text prompt as one user message) and tokenized
 *       without adding special tokens, since the template writes them. Otherwise a text prompt is
 *       tokenized with the tokenizer's special tokens (BOS for Llama), and a conversation is first
 *       flattened to plain text: its contents joined by blank lines, roles left out, because without a
 *       template there is no agreed way to print roles. An empty prompt is BOS alone.
 *   <li>Response: tokenized on its own without special tokens, then {@code eosId} appended, so the model
 *       learns to stop.
 *   <li>Truncation: a prompt longer than {@code maxPromptLength} is cut as {@link Truncation} says; then
 *       each response is cut at its end to {@code maxLength} minus the prompt's length. A cut response
 *       loses its EOS, as in TRL: the model must not learn to stop where the text was merely cut. Since
 *       the prompt budget is below {@code maxLength}, a response always keeps at least one token; a pair
 *       is dropped only when a response has no tokens of its own (its text tokenizes to nothing, as the
 *       empty final turns of some HH rows do), because it would then be trained on EOS alone.
 * </ul>
 *
 * <p>One deviation from TRL: TRL renders conversations with the template and never renders text prompts
 * with it; here {@code useChatTemplate} decides for both, so text data can be trained in chat form and
 * HH transcripts (which already spell out their turns) can be kept out of it.
 */
public final class ExampleTokenizer {
    private static final int MAX_DROPPED_ORIGINS = 5;

    private final PromptEncoder encoder;
    private final TokenizationSettings settings;
    private final int eosId;
    private final boolean chatTemplate;

    /**
     * @param eosId the id appended to every response: the model's first EOS id
     * @param fallbackBos the id an empty prompt becomes when the tokenizer names no BOS (the model
     *     configuration's BOS id); -1 if there is none
     */
    public ExampleTokenizer(TextTokenizer tokenizer, TokenizationSettings settings, int eosId, int fallbackBos) {
        Objects.requireNonNull(tokenizer, "tokenizer");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (eosId < 0 || eosId >= tokenizer.vocabSize()) {
            throw new IllegalArgumentException("EOS id " + eosId + " is outside the vocabulary (size "
                    + tokenizer.vocabSize() + ")");
        }
        this.eosId = eosId;
        this.encoder = new PromptEncoder(tokenizer, fallbackBos);
        this.chatTemplate = settings.useChatTemplate() && encoder.hasChatTemplate();
    }

    /** Whether prompts go through the chat template: asked for, and the tokenizer has one. */
    public boolean usesChatTemplate() {
        return chatTemplate;
    }

    /** The prompt's ids before truncation. */
    public int[] promptIds(Prompt prompt) {
        if (prompt.messages() != null && !chatTemplate) {
            return encoder.prompt(Prompt.text(plainText(prompt.messages())), false);
        }
        return encoder.prompt(prompt, chatTemplate);
    }

    /** A response's ids before truncation: its text without special tokens, then EOS. */
    public int[] responseIds(String text) {
        int[] ids = encoder.response(text);
        int[] withEos = Arrays.copyOf(ids, ids.length + 1);
        withEos[ids.length] = eosId;
        return withEos;
    }

    public PairTokenization tokenizePairs(List<PreferenceExample> examples) {
        List<TokenizedPair> pairs = new ArrayList<>(examples.size());
        List<String> droppedOrigins = new ArrayList<>();
        int promptsTruncated = 0;
        int responsesTruncated = 0;
        int dropped = 0;
        for (PreferenceExample example : examples) {
            int[] fullPrompt = promptIds(example.prompt());
            int[] prompt = settings.truncation().apply(fullPrompt, settings.maxPromptLength());
            int budget = settings.maxLength() - prompt.length;
            Response chosen = response(example.chosen(), budget);
            Response rejected = response(example.rejected(), budget);
            if (prompt.length < fullPrompt.length) {
                promptsTruncated++;
            }
            if (chosen.truncated() || rejected.truncated()) {
                responsesTruncated++;
            }
            if (chosen.ownTokens() == 0 || rejected.ownTokens() == 0) {
                dropped++;
                if (droppedOrigins.size() < MAX_DROPPED_ORIGINS) {
                    droppedOrigins.add(example.origin());
                }
                continue;
            }
            pairs.add(new TokenizedPair(prompt, text(example.prompt()), chosen.ids(), rejected.ids(), example.origin()));
        }
        return new PairTokenization(pairs, examples.size(), promptsTruncated, responsesTruncated, dropped,
                droppedOrigins);
    }

    /** Prompts cut to {@code maxPromptLength}, leaving the rest of {@code maxLength} for generation. */
    public PromptTokenization tokenizePrompts(List<PromptExample> examples) {
        List<TokenizedPrompt> prompts = new ArrayList<>(examples.size());
        int truncated = 0;
        for (PromptExample example : examples) {
            int[] full = promptIds(example.prompt());
            int[] prompt = settings.truncation().apply(full, settings.maxPromptLength());
            if (prompt.length < full.length) {
                truncated++;
            }
            prompts.add(new TokenizedPrompt(prompt, text(example.prompt()), example.origin()));
        }
        return new PromptTokenization(prompts, truncated);
    }

    /** The prompt as text: as given, or a conversation's contents joined by blank lines. */
    static String text(Prompt prompt) {
        return prompt.text() != null ? prompt.text() : plainText(prompt.messages());
    }

    /** A conversation as plain text, for tokenizers without a chat template: contents joined by blank lines. */
    static String plainText(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::content).collect(Collectors.joining("\n\n"));
    }

    private Response response(String text, int budget) {
        int[] full = responseIds(text);
        int textTokens = full.length - 1;
        int[] ids = full.length > budget ? Arrays.copyOf(full, budget) : full;
        return new Response(ids, ids.length < full.length, Math.min(textTokens, budget));
    }

    /** One response after truncation, and how many of its own (non-EOS) tokens it kept. */
    private record Response(int[] ids, boolean truncated, int ownTokens) {}
}
