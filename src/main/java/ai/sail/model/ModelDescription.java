package ai.sail.model;

import ai.sail.text.TextTokenizer;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a checkpoint says about itself, read without loading any tensor data.
 *
 * @param path the resolved file or directory
 * @param format {@code huggingface} or {@code gguf}
 * @param storedTypes how many checkpoint tensors are stored in each element type
 */
public record ModelDescription(Path path, String format, ModelConfig config, Map<String, Integer> storedTypes,
        TextTokenizer tokenizer) implements AutoCloseable {

    @Override
    public void close() {
        tokenizer.close();
    }
}
