package ai.sail.model;

import ai.sail.io.AtomicWrite;
import ai.sail.io.HfJson;
import ai.sail.text.HfTokenizer;
import ai.sail.text.TextTokenizer;
import ai.sail.text.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a random-weight Hugging Face checkpoint of a given shape with a real tokenizer, which every
 * command then loads with {@code --model}: a model of a published model's size for recipes and
 * benchmarks that need its shape, not its trained weights (Sail downloads nothing).
 *
 * <p>The weights are {@link DecoderWeights#randomArrays} for the seed, so loading the checkpoint gives
 * exactly the model {@link DecoderWeights#random} builds. The special ids (BOS, EOS, pad) come from the
 * tokenizer, so generation stops where the tokenizer's EOS says. The model's vocabulary may be larger
 * than the tokenizer's, as real checkpoints pad theirs (Qwen2.5: 151,936 embedding rows for 151,665
 * token ids), but not smaller: a token id without an embedding row could not be run.
 *
 * <p>The directory is written whole or not at all ({@link AtomicWrite}, through
 * {@link HfCheckpointWriter}), and an existing non-empty directory is refused rather than replaced:
 * this command makes a model from nothing, so whatever is already there is someone else's.
 */
public final class RandomCheckpoint {
    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    private RandomCheckpoint() {}

    /**
     * Writes the checkpoint to {@code output}.
     *
     * @param tokenizer a {@code tokenizer.json}, or a directory holding one; the tokenizer files beside it
     *     ({@code tokenizer_config.json}, special tokens map, chat template) are copied too
     * @return the config written
     */
    public static ModelConfig write(BenchmarkModel.Shape shape, long seed, Path tokenizer, Path output) throws IOException {
        refuseNonEmpty(output);
        Path dir = tokenizerDirectory(tokenizer);
        try (HfTokenizer loaded = HfTokenizer.load(dir)) {
            return write(shape, seed, loaded, withConfig(TokenizerFiles.copiedFrom(dir)), output);
        }
    }

    /** As above, with the tokenizer already open and the files that reproduce it. */
    static ModelConfig write(BenchmarkModel.Shape shape, long seed, TextTokenizer tokenizer, TokenizerFiles files,
            Path output) throws IOException {
        refuseNonEmpty(output);
        if (shape.vocabSize() < tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the model's vocabulary (" + shape.vocabSize() + ", --vocab) is smaller than"
                    + " the tokenizer's (" + tokenizer.vocabSize() + " token ids): every token id needs an embedding row;"
                    + " give --vocab " + tokenizer.vocabSize() + " or more");
        }
        List<Integer> eos = tokenizer.eosIds().stream().sorted().toList();
        ModelConfig config = shape.config(tokenizer.bosId().orElse(-1), eos, tokenizer.padId().orElse(-1));
        HfCheckpointWriter.save(config, DecoderWeights.randomArrays(config, seed), files, output);
        return config;
    }

    private static void refuseNonEmpty(Path output) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        if (!Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output: " + output + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(output)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("--output: " + output + " is not empty; init-model writes a new"
                        + " model and never replaces files (choose another directory or remove it)");
            }
        }
    }

    private static Path tokenizerDirectory(Path tokenizer) {
        if (Files.isDirectory(tokenizer)) {
            if (!Files.isRegularFile(tokenizer.resolve(TOKENIZER_JSON))) {
                throw new IllegalArgumentException("--tokenizer: " + tokenizer + " holds no " + TOKENIZER_JSON);
            }
            return tokenizer;
        }
        if (!Files.isRegularFile(tokenizer)) {
            throw new IllegalArgumentException("--tokenizer: " + tokenizer + ": no such file");
        }
        if (!tokenizer.getFileName().toString().equals(TOKENIZER_JSON)) {
            // Its companion files (tokenizer_config.json, ...) are found by their names beside it.
            throw new IllegalArgumentException("--tokenizer: expected a file named " + TOKENIZER_JSON
                    + " (with its tokenizer_config.json beside it) or a directory holding one, got " + tokenizer);
        }
        return tokenizer.toAbsolutePath().getParent();
    }

    /**
     * The copied files, plus a {@code tokenizer_config.json} naming the fast tokenizer class where the
     * source has none: transformers' {@code AutoTokenizer} then reads {@code tokenizer.json} as it is,
     * with no special tokens beyond those the file itself marks.
     */
    private static TokenizerFiles withConfig(TokenizerFiles copied) {
        return dir -> {
            copied.writeTo(dir);
            Path config = dir.resolve(TOKENIZER_CONFIG);
            if (!Files.exists(config)) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("tokenizer_class", "PreTrainedTokenizerFast");
                AtomicWrite.newFile(config, HfJson.format(json));
            }
        };
    }
}
