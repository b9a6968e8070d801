package ai.sail.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.io.FileKind;
import ai.sail.io.GgufFile;
import ai.sail.io.HubCache;
import ai.sail.io.SafetensorsCheckpoint;
import ai.sail.io.ShardedSafetensors;
import ai.sail.io.TensorSource;
import ai.sail.tensor.TorchRuntime;
import ai.sail.text.HfTokenizer;
import ai.sail.text.SentencePieceTokenizer;
import ai.sail.text.TextTokenizer;
import ai.sail.text.TokenizerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens what a user names with {@code --model}: a Hugging Face directory (config.json, safetensors,
 * tokenizer.json or a SentencePiece tokenizer.model), a {@code .gguf} file, or a hub id
 * ({@code Org/Name}) already in the local Hugging Face cache. One method per format maps the files
 * onto {@link ModelConfig}, {@link CheckpointNaming} and a tokenizer; the decoder is the same for all.
 */
public final class ModelLoader {
    private ModelLoader() {}

    /** What {@code --model} accepts, for messages. */
    static final String EXPECTED = "expected a model directory with config.json, a .gguf file, or Org/Name of a"
            + " model in the local Hugging Face cache";

    /** Resolves a path or hub id to an existing file or directory. */
    public static Path resolve(String spec) {
        Path p = Path.of(spec);
        if (Files.exists(p)) {
            return p;
        }
        if (HubCache.isRepoId(spec)) {
            return HubCache.fromEnvironment().resolve(spec);
        }
        throw new IllegalArgumentException("model '" + spec + "': no such file or directory"
                + " (a model is a Hugging Face directory, a .gguf file or an Org/Name id in the local cache)");
    }

    /** Loads weights and tokenizer onto {@code device}. */
    public static LanguageModel load(String spec, Device device) {
        return load(spec, device, null, FrozenDType.FP32);
    }

    /**
     * Loads weights and tokenizer onto {@code device}, the frozen matrices and token embedding held in
     * {@code frozen} ({@link FrozenDType#AUTO}: the checkpoint's own 16-bit type, if it has one), and
     * the LoRA adapter in {@code adapter} (null for none) attached. Narrow weights cannot be trained
     * without an adapter.
     */
    public static LanguageModel load(String spec, Device device, Path adapter, FrozenDType frozen) {
        return withAdapter(loadBase(spec, device, frozen), adapter);
    }

    private static LanguageModel loadBase(String spec, Device device, FrozenDType frozen) {
        Path path = resolve(spec);
        try (Opened o = open(path)) {
            NDManager manager = TorchRuntime.newManager(device);
            try {
                DecoderWeights weights = DecoderWeights.load(o.source, o.naming, o.config, manager, path.toString(),
                        frozen.resolve(storedTypes(o.source)));
                return new LanguageModel(spec, o.format, new Decoder(o.config, weights, manager), o.takeTokenizer(),
                        storedTypes(o.source));
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }
    }

    /**
     * As {@link #load(String, Device)}, with the LoRA adapter in {@code adapter} (PEFT's layout,
     * {@link LoraCheckpoint}) attached; null loads the model alone.
     */
    public static LanguageModel load(String spec, Device device, Path adapter) {
        return load(spec, device, adapter, FrozenDType.FP32);
    }

    private static LanguageModel withAdapter(LanguageModel model, Path adapter) {
        if (adapter == null) {
            return model;
        }
        try {
            if (!LoraCheckpoint.isAdapter(adapter)) {
                throw new IllegalArgumentException("adapter '" + adapter + "': no " + LoraCheckpoint.CONFIG
                        + " (an adapter is a directory written by PEFT's save_pretrained or by sail train --lora-r)");
            }
            Decoder d = model.decoder();
            d.weights().attach(LoraCheckpoint.read(adapter, d.config(), d.manager()));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Configuration, stored types and tokenizer, without reading tensor data. */
    public static ModelDescription describe(String spec) {
        Path path = resolve(spec);
        try (Opened o = open(path)) {
            return new ModelDescription(path, o.format, o.config, storedTypes(o.source), o.takeTokenizer());
        }
    }

    private static Map<String, Integer> storedTypes(TensorSource source) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String name : source.names()) {
            counts.merge(source.dtypeName(name), 1, Integer::sum);
        }
        return counts;
    }

    /** An opened checkpoint: its tensors (closed with it), config, naming and tokenizer. */
    private static final class Opened implements AutoCloseable {
        final String format;
        final TensorSource source;
        final ModelConfig config;
        final CheckpointNaming naming;
        private TextTokenizer tokenizer;

        Opened(String format, TensorSource source, ModelConfig config, CheckpointNaming naming, TextTokenizer tokenizer) {
            this.format = format;
            this.source = source;
            this.config = config;
            this.naming = naming;
            this.tokenizer = tokenizer;
        }

        /** Hands the tokenizer to the caller, who closes it from then on. */
        TextTokenizer takeTokenizer() {
            TextTokenizer t = tokenizer;
            tokenizer = null;
            return t;
        }

        @Override
        public void close() {
            try {
                source.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (tokenizer != null) {
                    tokenizer.close();
                }
            }
        }
    }

    private static Opened open(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return openHuggingFace(path);
            }
            if (FileKind.isSpecial(path)) {
                // Checked before the name: a named pipe called model.gguf would block the reader forever.
                throw new IllegalArgumentException("model '" + path + "' is " + FileKind.describe(path)
                        + ", not a model: " + EXPECTED);
            }
            if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")) {
                return openGguf(path);
            }
            if (path.getFileName().toString().endsWith(".safetensors")) {
                throw new IllegalArgumentException(path + ": pass the model directory (with config.json and "
                        + "tokenizer.json), not the weights file alone");
            }
            // Pickle files and anything else: the checkpoint reader explains what is accepted.
            SafetensorsCheckpoint.open(path).close();
            throw new IllegalArgumentException(path + ": not a model directory or .gguf file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static Opened openHuggingFace(Path dir) throws IOException {
        requireModelFiles(dir);
        ModelConfig config = HfConfigReader.read(dir);
        TensorSource source = SafetensorsCheckpoint.open(dir);
        try {
            CheckpointNaming naming = CheckpointNaming.huggingFace(config.architecture(), source::contains);
            UnusedTensors.check(source, naming, config, dir.toString(), "config.json",
                    config.architecture() == Architecture.GPT2 ? "n_layer" : "num_hidden_layers");
            TextTokenizer tokenizer = openTokenizer(dir);
            return new Opened("huggingface", source, config, naming, tokenizer);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * Without config.json, names everything else the directory lacks too, in one message: a directory
     * given by mistake (a parent folder, an output folder) lacks all of it. With config.json, the config,
     * the weights and the tokenizer are checked in that order by the readers, each naming what it
     * misses. Pickle-only weights get {@link SafetensorsCheckpoint#open}'s refusal, which says how to
     * convert them.
     */
    private static void requireModelFiles(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return;
        }
        List<String> missing = new ArrayList<>(List.of("config.json"));
        boolean weights = Files.isRegularFile(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE_NAME))
                || Files.isRegularFile(dir.resolve(ShardedSafetensors.INDEX_FILE_NAME));
        if (!weights) {
            if (!SafetensorsCheckpoint.pickleFilesIn(dir).isEmpty()) {
                SafetensorsCheckpoint.open(dir).close(); // refuses pickle-only weights and says how to convert them
            }
            missing.add("weights (" + SafetensorsCheckpoint.SINGLE_FILE_NAME + ", or "
                    + ShardedSafetensors.INDEX_FILE_NAME + " for a sharded checkpoint)");
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json")) && !Files.isRegularFile(dir.resolve("tokenizer.model"))) {
            missing.add("tokenizer (tokenizer.json, or a SentencePiece tokenizer.model)");
        }
        throw new IllegalArgumentException(dir + " is not a complete model directory: it has no "
                + String.join(", no ", missing) + "; " + EXPECTED);
    }

    /**
     * {@code tokenizer.json} when present (it is exactly the Python fast tokenizer), else a SentencePiece
     * {@code tokenizer.model} with {@code tokenizer_config.json}.
     */
    private static TextTokenizer openTokenizer(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return HfTokenizer.load(dir);
        }
        if (Files.isRegularFile(dir.resolve("tokenizer.model"))) {
            return SentencePieceTokenizer.fromModelFile(dir.resolve("tokenizer.model"),
                    TokenizerConfig.load(dir.resolve("tokenizer_config.json")));
        }
        throw new IllegalArgumentException(dir + ": no tokenizer.json or tokenizer.model (Sail reads the fast-tokenizer"
                + " file that Hugging Face tokenizers save, or a SentencePiece BPE model)");
    }

    private static Opened openGguf(Path file) throws IOException {
        GgufFile gguf = GgufFile.open(file);
        try {
            ModelConfig config = GgufConfigReader.read(gguf);
            CheckpointNaming naming = CheckpointNaming.gguf();
            UnusedTensors.check(gguf, naming, config, file.toString(), "the GGUF metadata", "llama.block_count");
            return new Opened("gguf", gguf, config, naming, SentencePieceTokenizer.fromGguf(gguf));
        } catch (RuntimeException e) {
            gguf.close();
            throw e;
        }
    }
}
