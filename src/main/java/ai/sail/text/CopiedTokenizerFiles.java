package ai.sail.text;

import ai.sail.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Copies the tokenizer files of a Hugging Face model directory, whichever of the usual ones exist:
 * the fast tokenizer, the slow tokenizers' vocabularies, the configs and the chat template files. The
 * bytes are copied unchanged, so the saved tokenizer is exactly the one loaded.
 */
record CopiedTokenizerFiles(Path source) implements TokenizerFiles {
    static final List<String> NAMES = List.of(
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
            "vocab.json", "merges.txt", "tokenizer.model", "chat_template.jinja", "chat_template.json");

    CopiedTokenizerFiles {
        Objects.requireNonNull(source, "source");
    }

    @Override
    public void writeTo(Path dir) throws IOException {
        int copied = 0;
        for (String name : NAMES) {
            Path file = source.resolve(name);
            if (Files.isRegularFile(file)) {
                // Read and written rather than Files.copy, which would carry over read-only permissions.
                AtomicWrite.newFile(dir.resolve(name), Files.readAllBytes(file));
                copied++;
            }
        }
        if (copied == 0) {
            throw new IllegalArgumentException(source + ": no tokenizer files to copy (looked for " + NAMES + ")");
        }
    }
}
