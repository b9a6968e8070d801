package ai.sail.text;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Text to token ids and back. Two implementations: {@code HfTokenizer} (a Hugging Face
 * {@code tokenizer.json} through DJL's binding of the Rust library) and {@code SentencePieceTokenizer}
 * (the vocabulary embedded in a GGUF file).
 */
public interface TextTokenizer extends AutoCloseable {

    /**
     * Token ids of {@code text}. With {@code addSpecialTokens} the tokenizer adds what its
     * configuration asks for (BOS for Llama-style tokenizers, nothing for GPT-2).
     */
    int[] encode(String text, boolean addSpecialTokens);

    /**
     * The text of {@code ids}; special tokens (BOS, EOS, pad, chat markers) are dropped if asked. Ids the
     * tokenizer has no token for, at or past {@link #vocabSize}, decode to nothing, as Hugging Face's
     * {@code decode} does: a model's embedding is often padded past its tokenizer's vocabulary
     * (Qwen2.5: 151,936 rows for 151,665 ids), and a model that is not yet trained samples those rows
     * too. A negative id is an error.
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** The surface string of one token as the vocabulary spells it (e.g. {@code ▁the}, {@code Ġthe}, {@code <0x0A>}). */
    String tokenText(int id);

    /** Number of ids the tokenizer can produce (including added tokens). */
    int vocabSize();

    OptionalInt bosId();

    /** Ids that end a generation according to the tokenizer (the model's generation config may add more). */
    Set<Integer> eosIds();

    OptionalInt padId();

    /** Named special tokens (bos, eos, pad, unk and any additional ones) with their ids, for display. */
    Map<String, Integer> specialTokens();

    /** The Jinja chat template shipped with the tokenizer, if any. */
    default java.util.Optional<String> chatTemplate() {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {}
}
