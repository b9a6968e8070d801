package ai.sail.text;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tokenizer half of a saved Hugging Face checkpoint: the files that let transformers'
 * {@code AutoTokenizer} and Sail's model loader rebuild the tokenizer a model was trained with. A
 * tokenizer that came from a Hugging Face directory is saved by copying its files as they are; one
 * that came from a GGUF file is written out as a SentencePiece {@code tokenizer.model}.
 */
@FunctionalInterface
public interface TokenizerFiles {

    /** Writes the files into {@code dir}, a directory being assembled that holds none of them yet. */
    void writeTo(Path dir) throws IOException;

    /** The tokenizer files of Hugging Face model directory {@code modelDir}, copied byte for byte. */
    static TokenizerFiles copiedFrom(Path modelDir) {
        return new CopiedTokenizerFiles(modelDir);
    }

    /**
     * {@code tokenizer.model}, {@code tokenizer_config.json} and {@code special_tokens_map.json} for
     * {@code tokenizer}, read by transformers as a {@code LlamaTokenizer}.
     */
    static TokenizerFiles sentencePiece(SentencePieceTokenizer tokenizer) {
        return new SentencePieceTokenizerFiles(tokenizer);
    }
}
