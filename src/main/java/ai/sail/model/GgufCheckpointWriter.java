package ai.sail.model;

import ai.sail.io.GgmlType;
import ai.sail.io.GgufValue;
import ai.sail.io.GgufWriter;
import ai.sail.text.SentencePieceTokenizer;
import ai.sail.text.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves a model's current weights as a GGUF file that llama.cpp (its {@code llama-server} in
 * particular) loads: the route by which a policy being trained reaches a llama.cpp serving engine.
 * The inverse of {@link GgufConfigReader} with {@link CheckpointNaming#gguf()}: a file written from
 * a model loaded from GGUF reads back to the same configuration, vocabulary and weights.
 *
 * <ul>
 *   <li><b>Families.</b> Llama and Mistral, written as llama.cpp's {@code llama} architecture (its
 *       converter does the same for Mistral). Qwen2 and GPT-2 are refused: llama.cpp gives them
 *       architectures of their own, with byte-level BPE vocabularies this writer does not produce.</li>
 *   <li><b>Weights.</b> LoRA adapters, if attached, are merged in ({@link DecoderWeights#mergedFloatArrays}).
 *       Sail's fused q/k/v and gate/up tensors are split into llama.cpp's {@code blk.N.attn_q} ...
 *       tensors; a tied output head is left out, which llama.cpp reads as "use the embedding".</li>
 *   <li><b>Rotary order.</b> llama.cpp's llama architecture rotates adjacent pairs, so its converter
 *       permutes the q and k rows of a Hugging Face checkpoint. A model loaded from GGUF already
 *       holds them in that order; one loaded from Hugging Face ({@link RopeStyle#HALF_SPLIT}) has
 *       them permuted here ({@link RopePermutation#halfSplitToAdjacent}), as the converter does.</li>
 *   <li><b>Types.</b> {@link GgmlType#F32}, or {@link GgmlType#F16} for the matrices and the
 *       embedding with norms kept in F32, as llama.cpp's converter does for an F16 file.</li>
 *   <li><b>Vocabulary.</b> The {@code tokenizer.ggml.*} metadata of the model's SentencePiece
 *       tokenizer (from a GGUF file or a {@code tokenizer.model}); other tokenizers are refused.</li>
 * </ul>
 */
public final class GgufCheckpointWriter {
    /** GGUF {@code general.file_type} values (llama.cpp's {@code llama_ftype}). */
    private static final int FILE_TYPE_ALL_F32 = 0;
    private static final int FILE_TYPE_MOSTLY_F16 = 1;

    private GgufCheckpointWriter() {}

    /** Writes {@code model}'s current weights (adapters merged) and vocabulary to {@code file} in {@code type}. */
    public static void save(LanguageModel model, Path file, GgmlType type) throws IOException {
        save(model.config(), model.decoder().weights().mergedFloatArrays(), model.tokenizer(), file, type);
    }

    /** Writes weights keyed by Sail name ({@link WeightSpec}) for {@code config}, with {@code tokenizer}'s vocabulary. */
    public static void save(ModelConfig config, Map<String, float[]> weights, TextTokenizer tokenizer, Path file,
            GgmlType type) throws IOException {
        checkSupported(config, tokenizer, type);
        ModelConfig adjacent = config.withRopeStyle(RopeStyle.ADJACENT);
        Map<String, float[]> ordered = config.ropeStyle() == RopeStyle.ADJACENT ? weights
                : RopePermutation.halfSplitToAdjacent(adjacent, weights);
        Map<String, GgufValue> metadata = new LinkedHashMap<>(architectureMetadata(adjacent, type, file));
        metadata.putAll(((SentencePieceTokenizer) tokenizer).ggufMetadata());
        GgufWriter.write(file, metadata, tensors(adjacent, ordered, type));
    }

    private static void checkSupported(ModelConfig config, TextTokenizer tokenizer, GgmlType type) {
        if (config.architecture() != Architecture.LLAMA && config.architecture() != Architecture.MISTRAL) {
            throw new IllegalArgumentException("cannot write a GGUF file of a " + config.architecture().modelType()
                    + " model: Sail writes llama.cpp's llama architecture (Llama and Mistral models) only");
        }
        if (config.isRewardModel()) {
            throw new IllegalArgumentException("cannot write a GGUF file of a reward model (llama.cpp serves language models)");
        }
        if (!(tokenizer instanceof SentencePieceTokenizer)) {
            throw new IllegalArgumentException("cannot write a GGUF file with a " + tokenizer.getClass().getSimpleName()
                    + ": Sail writes SentencePiece vocabularies (from a GGUF file or a tokenizer.model) only");
        }
        if (type != GgmlType.F32 && type != GgmlType.F16) {
            throw new IllegalArgumentException("GGUF tensor type " + type + " is not written; choose F32 or F16");
        }
        if (tokenizer.vocabSize() != config.vocabSize()) {
            // llama.cpp sizes the embedding by the vocabulary and refuses a file where they differ.
            throw new IllegalArgumentException("cannot write a GGUF file: the tokenizer has " + tokenizer.vocabSize()
                    + " tokens but the model's embedding has " + config.vocabSize() + " rows, and llama.cpp needs them equal");
        }
    }

    /** {@code general.*} and {@code llama.*}: the keys {@link GgufConfigReader} and llama.cpp read. */
    static Map<String, GgufValue> architectureMetadata(ModelConfig c, GgmlType type, Path file) {
        String name = file.getFileName().toString().replaceFirst("(?i)\\.gguf$", "");
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.string("llama"));
        m.put("general.name", GgufValue.string(name));
        m.put("general.file_type", GgufValue.uint32(type == GgmlType.F32 ? FILE_TYPE_ALL_F32 : FILE_TYPE_MOSTLY_F16));
        m.put("llama.vocab_size", GgufValue.uint32(c.vocabSize()));
        m.put("llama.context_length", GgufValue.uint32(c.maxPositions()));
        m.put("llama.embedding_length", GgufValue.uint32(c.hiddenSize()));
        m.put("llama.block_count", GgufValue.uint32(c.layers()));
        m.put("llama.feed_forward_length", GgufValue.uint32(c.intermediateSize()));
        m.put("llama.attention.head_count", GgufValue.uint32(c.heads()));
        m.put("llama.attention.head_count_kv", GgufValue.uint32(c.kvHeads()));
        m.put("llama.rope.dimension_count", GgufValue.uint32(c.headDim()));
        if ((long) c.heads() * c.headDim() != c.hiddenSize()) {
            // llama.cpp assumes head width = embedding_length / head_count unless told otherwise.
            m.put("llama.attention.key_length", GgufValue.uint32(c.headDim()));
            m.put("llama.attention.value_length", GgufValue.uint32(c.headDim()));
        }
        m.put("llama.rope.freq_base", GgufValue.float32((float) c.ropeTheta()));
        m.put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(c.normEps()));
        return m;
    }

    /** The tensors under llama.cpp's names, in Sail's order; a tied head is not written. */
    static List<GgufWriter.Tensor> tensors(ModelConfig config, Map<String, float[]> weights, GgmlType type) {
        CheckpointNaming naming = CheckpointNaming.gguf();
        List<GgufWriter.Tensor> out = new ArrayList<>();
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            float[] values = weights.get(spec.name());
            if (values == null) {
                throw new IllegalArgumentException("cannot save: tensor " + spec + " is missing");
            }
            for (CheckpointNaming.StoredTensor t : naming.split(spec, values, config)) {
                // Norm gains and biases stay F32, as llama.cpp's converter keeps every 1-D tensor.
                GgmlType stored = t.shape().length == 1 ? GgmlType.F32 : type;
                out.add(new GgufWriter.Tensor(t.name(), t.shape(), stored, t.values()));
            }
        }
        return out;
    }
}
