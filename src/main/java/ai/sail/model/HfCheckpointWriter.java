package ai.sail.model;

import ai.sail.io.AtomicWrite;
import ai.sail.io.HfJson;
import ai.sail.io.SafetensorsWriter;
import ai.sail.text.SentencePieceTokenizer;
import ai.sail.text.TokenizerFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Saves a model as a Hugging Face checkpoint directory, the format both transformers
 * ({@code AutoModelForCausalLM} / {@code AutoModelForSequenceClassification} and {@code AutoTokenizer})
 * and Sail's {@link ModelLoader} read: {@code config.json}, {@code generation_config.json} (language
 * models), {@code model.safetensors} and the tokenizer files, plus any extra files the caller adds
 * (a trainer's state).
 *
 * <p>Tensors get the names transformers' {@code save_pretrained} gives them: the inverse of
 * {@link CheckpointNaming}, splitting Sail's fused q/k/v and gate/up tensors and transposing GPT-2's
 * Conv1D weights back; GPT-2 keeps the {@code transformer.} prefix of its head model; a tied output
 * head is not written. A model loaded from GGUF ({@link RopeStyle#ADJACENT}) has its q/k rows
 * reordered ({@link RopePermutation}) so that the Hugging Face rotary pairing computes the same model.
 *
 * <p>The directory is written whole or not at all ({@link AtomicWrite}): the trainer saves every
 * few steps, and a crash must leave either the previous checkpoint or the new one.
 */
public final class HfCheckpointWriter {
    static final String CONFIG = "config.json";
    static final String GENERATION_CONFIG = "generation_config.json";
    static final String WEIGHTS = "model.safetensors";
    private static final Set<String> MODEL_FILES = Set.of(CONFIG, GENERATION_CONFIG, WEIGHTS);

    private HfCheckpointWriter() {}

    /**
     * Saves a loaded model's current weights with the tokenizer of the files it was loaded from; LoRA
     * adapters, if attached, are merged in (what {@code sail merge} writes).
     */
    public static void save(LanguageModel model, Path dir) throws IOException {
        save(model, Map.of(), dir);
    }

    /** As {@link #save(LanguageModel, Path)}, with extra text files (name to UTF-8 content) alongside. */
    public static void save(LanguageModel model, Map<String, String> extraFiles, Path dir) throws IOException {
        save(model, extraFiles, temp -> { }, dir);
    }

    /**
     * As {@link #save(LanguageModel, Map, Path)}, with {@code more} writing further files (e.g. an
     * optimizer state) into the directory before it is put in place.
     */
    public static void save(LanguageModel model, Map<String, String> extraFiles, AtomicWrite.DirectoryContents more, Path dir)
            throws IOException {
        save(model.config(), model.decoder().weights().mergedFloatArrays(), tokenizerFiles(model), extraFiles, more, dir);
    }

    /** Saves weights keyed by Sail name ({@link WeightSpec}) for {@code config}, with tokenizer files. */
    public static void save(ModelConfig config, Map<String, float[]> weights, TokenizerFiles tokenizer, Path dir)
            throws IOException {
        save(config, weights, tokenizer, Map.of(), dir);
    }

    /**
     * Saves weights keyed by Sail name ({@link WeightSpec}) for {@code config}, with tokenizer files and
     * extra text files (plain file names to UTF-8 content, e.g. a trainer state). Every tensor
     * {@code config} needs must be present with its size; others are an error too, since a typo'd name
     * would otherwise be silently dropped. An existing {@code dir} is replaced.
     */
    public static void save(ModelConfig config, Map<String, float[]> weights, TokenizerFiles tokenizer,
            Map<String, String> extraFiles, Path dir) throws IOException {
        save(config, weights, tokenizer, extraFiles, temp -> { }, dir);
    }

    private static void save(ModelConfig config, Map<String, float[]> weights, TokenizerFiles tokenizer,
            Map<String, String> extraFiles, AtomicWrite.DirectoryContents more, Path dir) throws IOException {
        Objects.requireNonNull(tokenizer, "tokenizer");
        checkWeights(config, weights);
        checkExtraFiles(extraFiles);
        ModelConfig hfConfig = config;
        Map<String, float[]> hfOrdered = weights;
        if (config.ropeStyle() == RopeStyle.ADJACENT) {
            hfOrdered = RopePermutation.adjacentToHalfSplit(config, weights);
            hfConfig = config.withRopeStyle(RopeStyle.HALF_SPLIT);
        }
        Map<String, SafetensorsWriter.Tensor> tensors = tensors(hfConfig, hfOrdered);
        byte[] configJson = HfJson.format(HfConfigWriter.config(hfConfig));
        byte[] generationJson = hfConfig.isRewardModel() ? null : HfJson.format(HfConfigWriter.generationConfig(hfConfig));
        AtomicWrite.directory(dir, temp -> {
            SafetensorsWriter.write(temp.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
            AtomicWrite.newFile(temp.resolve(CONFIG), configJson);
            if (generationJson != null) {
                AtomicWrite.newFile(temp.resolve(GENERATION_CONFIG), generationJson);
            }
            tokenizer.writeTo(temp);
            for (Map.Entry<String, String> extra : extraFiles.entrySet()) {
                AtomicWrite.newFile(temp.resolve(extra.getKey()), extra.getValue().getBytes(StandardCharsets.UTF_8));
            }
            more.writeInto(temp);
        });
    }

    /** Checkpoint tensors by Hugging Face name, as {@code save_pretrained} names them. */
    static Map<String, SafetensorsWriter.Tensor> tensors(ModelConfig config, Map<String, float[]> weights) {
        // Every name "present" selects GPT-2's transformer. prefix, which its head models save with.
        CheckpointNaming naming = CheckpointNaming.huggingFace(config.architecture(), name -> true);
        Map<String, SafetensorsWriter.Tensor> out = new LinkedHashMap<>();
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            for (CheckpointNaming.StoredTensor t : naming.split(spec, weights.get(spec.name()), config)) {
                out.put(t.name(), new SafetensorsWriter.Tensor(t.shape(), t.values()));
            }
        }
        return out;
    }

    private static void checkWeights(ModelConfig config, Map<String, float[]> weights) {
        List<WeightSpec> specs = WeightSpec.forConfig(config);
        for (WeightSpec spec : specs) {
            float[] values = weights.get(spec.name());
            if (values == null || values.length != spec.elements()) {
                throw new IllegalArgumentException("cannot save: tensor " + spec + " is "
                        + (values == null ? "missing" : "of " + values.length + " values, not " + spec.elements()));
            }
        }
        if (weights.size() != specs.size()) {
            Set<String> expected = new HashSet<>();
            specs.forEach(s -> expected.add(s.name()));
            List<String> unknown = weights.keySet().stream().filter(n -> !expected.contains(n)).sorted().toList();
            throw new IllegalArgumentException("cannot save: tensors " + unknown + " are not part of this config");
        }
    }

    private static void checkExtraFiles(Map<String, String> extraFiles) {
        for (String name : extraFiles.keySet()) {
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("extra file name '" + name + "' must be a plain file name");
            }
            if (MODEL_FILES.contains(name)) {
                throw new IllegalArgumentException("extra file '" + name + "' would overwrite the model's own");
            }
        }
    }

    /**
     * The files a model's tokenizer was loaded from: a Hugging Face directory's are copied; a GGUF
     * vocabulary is written as a SentencePiece model.
     */
    private static TokenizerFiles tokenizerFiles(LanguageModel model) {
        if (model.format().equals("huggingface")) {
            return TokenizerFiles.copiedFrom(ModelLoader.resolve(model.source()));
        }
        if (model.tokenizer() instanceof SentencePieceTokenizer spm) {
            return TokenizerFiles.sentencePiece(spm);
        }
        throw new IllegalArgumentException("cannot save the tokenizer of a " + model.format() + " model ("
                + model.tokenizer().getClass().getSimpleName() + ")");
    }
}
