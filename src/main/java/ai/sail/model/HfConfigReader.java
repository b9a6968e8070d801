package ai.sail.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json} (and {@code generation_config.json} for EOS ids) into a
 * {@link ModelConfig}, applying the same defaults the Python config classes apply when a field is
 * absent. Settings that would change the numbers and that Sail does not implement are refused, never
 * ignored.
 */
public final class HfConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfConfigReader() {}

    public static ModelConfig read(Path dir) {
        Path file = dir.resolve("config.json");
        JsonNode c = readJson(file);
        if (c == null) {
            throw new IllegalArgumentException(dir + ": no config.json (a Hugging Face model directory needs one)");
        }
        String where = file.toString();
        if (!c.hasNonNull("model_type")) {
            throw new IllegalArgumentException(where + ": field model_type is missing; supported: "
                    + Architecture.supported());
        }
        Architecture arch = Architecture.fromModelType(c.get("model_type").asText(), where);
        ModelConfig config;
        try {
            config = arch == Architecture.GPT2 ? gpt2(c, where) : llamaFamily(arch, c, where);
        } catch (IllegalArgumentException e) {
            // ModelConfig's own checks name the field and value; this says which file holds it.
            String message = String.valueOf(e.getMessage());
            throw message.startsWith(where) ? e : new IllegalArgumentException(where + ": " + message, e);
        }
        return withGenerationEos(config, dir.resolve("generation_config.json"));
    }

    private static ModelConfig llamaFamily(Architecture arch, JsonNode c, String where) {
        int hidden = required(c, "hidden_size", where);
        int heads = required(c, "num_attention_heads", where);
        int kvHeads = optionalInt(c, "num_key_value_heads", heads);
        int headDim = headDim(c, where, "hidden_size", hidden, "num_attention_heads", heads, true);
        if (kvHeads > 0 && heads % kvHeads != 0) {
            throw new IllegalArgumentException(where + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads
                    + " (each key/value head serves a whole group of query heads)");
        }
        if (c.path("attention_bias").asBoolean(false) || c.path("mlp_bias").asBoolean(false)) {
            throw new IllegalArgumentException(where + ": attention_bias / mlp_bias = true is not supported");
        }
        JsonNode scaling = c.get("rope_scaling");
        if (scaling != null && !scaling.isNull()) {
            throw new IllegalArgumentException(where + ": rope_scaling " + scaling
                    + " is not supported yet; only plain rotary embeddings (rope_scaling null)");
        }
        boolean tiedDefault = false; // LlamaConfig, MistralConfig and Qwen2Config all default to untied
        return ModelConfig.builder(arch)
                .vocabSize(required(c, "vocab_size", where))
                .hiddenSize(hidden)
                .layers(required(c, "num_hidden_layers", where))
                .heads(heads)
                .kvHeads(kvHeads)
                .headDim(headDim)
                .intermediateSize(required(c, "intermediate_size", where))
                .maxPositions(optionalInt(c, "max_position_embeddings", 2048))
                .normEps((float) c.path("rms_norm_eps").asDouble(1e-6))
                .ropeTheta(c.path("rope_theta").asDouble(10000.0))
                .ropeStyle(RopeStyle.HALF_SPLIT)
                .tiedEmbeddings(c.path("tie_word_embeddings").asBoolean(tiedDefault))
                .numLabels(labels(c))
                .bosId(optionalInt(c, "bos_token_id", -1))
                .eosIds(ids(c.get("eos_token_id")))
                .padId(optionalInt(c, "pad_token_id", -1))
                .build();
    }

    private static ModelConfig gpt2(JsonNode c, String where) {
        String act = c.path("activation_function").asText("gelu_new");
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
            throw new IllegalArgumentException(where + ": activation_function '" + act
                    + "' is not supported for gpt2; supported: gelu_new, gelu_pytorch_tanh");
        }
        if (c.path("scale_attn_by_inverse_layer_idx").asBoolean(false) || !c.path("scale_attn_weights").asBoolean(true)) {
            throw new IllegalArgumentException(where + ": only the standard attention scaling "
                    + "(scale_attn_weights true, scale_attn_by_inverse_layer_idx false) is supported");
        }
        int hidden = required(c, "n_embd", where);
        int heads = required(c, "n_head", where);
        int headDim = headDim(c, where, "n_embd", hidden, "n_head", heads, false); // GPT-2 has no head_dim
        JsonNode inner = c.get("n_inner");
        int ffn = inner == null || inner.isNull() ? 4 * hidden : inner.asInt();
        return ModelConfig.gpt2()
                .vocabSize(required(c, "vocab_size", where))
                .hiddenSize(hidden)
                .layers(required(c, "n_layer", where))
                .heads(heads)
                .kvHeads(heads)
                .headDim(headDim)
                .intermediateSize(ffn)
                .maxPositions(optionalInt(c, "n_positions", 1024))
                .normEps((float) c.path("layer_norm_epsilon").asDouble(1e-5))
                .ropeTheta(0)
                .ropeStyle(RopeStyle.HALF_SPLIT)
                .tiedEmbeddings(c.path("tie_word_embeddings").asBoolean(true))
                .numLabels(labels(c))
                .bosId(optionalInt(c, "bos_token_id", -1))
                .eosIds(ids(c.get("eos_token_id")))
                .padId(optionalInt(c, "pad_token_id", -1))
                .build();
    }

    /**
     * The width of one attention head: {@code head_dim} when the family reads it and config.json gives
     * it (some models' heads are not hidden / heads wide; the checkpoint's shapes are checked against it
     * when loading), else the width split evenly among the heads. A width that does not split evenly is
     * an error: rounding it down would load a model whose heads do not cover its width.
     */
    private static int headDim(JsonNode c, String where, String widthField, int width, String headsField, int heads,
            boolean readsHeadDim) {
        JsonNode explicit = readsHeadDim ? c.get("head_dim") : null;
        if (explicit != null && !explicit.isNull()) {
            if (!explicit.canConvertToInt() || explicit.asInt() <= 0) {
                throw new IllegalArgumentException(where + ": field head_dim must be a positive integer, got " + explicit);
            }
            return explicit.asInt();
        }
        if (heads <= 0) {
            throw new IllegalArgumentException(where + ": field " + headsField + " must be > 0, got " + heads);
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException(where + ": " + widthField + " " + width + " is not divisible by "
                    + headsField + " " + heads + ", so the heads cannot split the width evenly"
                    + (readsHeadDim ? "; set head_dim if the checkpoint's heads have another width" : ""));
        }
        return width / heads;
    }

    /** Width of the score head for *ForSequenceClassification checkpoints, else 0. */
    private static int labels(JsonNode c) {
        boolean classifier = false;
        for (JsonNode a : c.path("architectures")) {
            classifier |= a.asText().endsWith("ForSequenceClassification");
        }
        if (!classifier) {
            return 0;
        }
        if (c.has("id2label") && c.get("id2label").size() > 0) {
            return c.get("id2label").size();
        }
        return optionalInt(c, "num_labels", 2);
    }

    private static ModelConfig withGenerationEos(ModelConfig config, Path generationConfig) {
        JsonNode g = readJson(generationConfig);
        if (g == null || !g.has("eos_token_id")) {
            return config;
        }
        Set<Integer> eos = new LinkedHashSet<>(ids(g.get("eos_token_id")));
        eos.addAll(config.eosIds());
        return config.withEosIds(new ArrayList<>(eos));
    }

    private static List<Integer> ids(JsonNode node) {
        List<Integer> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asInt()));
        } else {
            out.add(node.asInt());
        }
        return out;
    }

    private static int required(JsonNode c, String field, String where) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": field " + field + " is missing or not an integer");
        }
        return n.asInt();
    }

    private static int optionalInt(JsonNode c, String field, int fallback) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? fallback : n.asInt();
    }

    /** The parsed file, or null when it does not exist. */
    static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
