package ai.sail.model;

/**
 * Which coordinates rotary embeddings rotate together. The same trained model stores its q/k rows
 * in one order or the other depending on the file format, so both must be supported.
 */
public enum RopeStyle {
    /** Hugging Face checkpoints: coordinate i pairs with i + d/2. */
    HALF_SPLIT,
    /** GGUF llama files (llama.cpp permutes q/k rows on conversion): coordinate 2i pairs with 2i+1. */
    ADJACENT
}
