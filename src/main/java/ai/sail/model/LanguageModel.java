package ai.sail.model;

import ai.sail.text.TextTokenizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded checkpoint: the decoder with its weights, the tokenizer that goes with it, and what the
 * files said about themselves (format, stored element types) for {@code sail inspect}.
 *
 * @param source the path or hub id the user gave
 * @param format {@code huggingface} or {@code gguf}
 * @param storedTypes count of checkpoint tensors per stored element type, e.g. {@code F32=65}
 */
public record LanguageModel(String source, String format, Decoder decoder, TextTokenizer tokenizer,
        Map<String, Integer> storedTypes) implements AutoCloseable {

    public ModelConfig config() {
        return decoder.config();
    }

    public Optional<String> chatTemplate() {
        return tokenizer.chatTemplate();
    }

    /**
     * The ids that end a generation: the model's own (config.json and generation_config.json, as
     * the Python {@code generate} uses them), else the tokenizer's EOS.
     */
    public List<Integer> eosIds() {
        return config().eosIds().isEmpty() ? List.copyOf(tokenizer.eosIds()) : config().eosIds();
    }

    @Override
    public void close() {
        decoder.close();
        decoder.manager().close();
        tokenizer.close();
    }
}
