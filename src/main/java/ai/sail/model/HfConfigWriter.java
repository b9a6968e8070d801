package ai.sail.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of {@link HfConfigReader}: the {@code config.json} and {@code generation_config.json}
 * that make transformers build the model Sail computes, and that read back to an equal
 * {@link ModelConfig}. Every field the reader reads is written explicitly (absent ids as
 * {@code null}), so the Python config classes' own defaults, which differ between families, never
 * come into play; settings Sail does not implement are written switched off, as Sail runs them.
 */
final class HfConfigWriter {
    private HfConfigWriter() {}

    /** The {@code config.json} of {@code c}, which must use the Hugging Face rotary pairing. */
    static Map<String, Object> config(ModelConfig c) {
        if (c.ropeStyle() != RopeStyle.HALF_SPLIT) {
            throw new IllegalArgumentException("a Hugging Face config describes HALF_SPLIT rotary pairs;"
                    + " reorder the q/k rows of an ADJACENT model first");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("architectures", List.of(className(c)));
        json.put("model_type", c.architecture().modelType());
        json.put("vocab_size", c.vocabSize());
        if (c.architecture() == Architecture.GPT2) {
            gpt2(c, json);
        } else {
            llamaFamily(c, json);
        }
        json.put("tie_word_embeddings", c.tiedEmbeddings());
        json.put("bos_token_id", id(c.bosId()));
        json.put("eos_token_id", eos(c.eosIds()));
        json.put("pad_token_id", id(c.padId()));
        json.put("torch_dtype", "float32");
        json.put("use_cache", true);
        if (c.isRewardModel()) {
            Map<String, String> id2label = new LinkedHashMap<>();
            Map<String, Integer> label2id = new LinkedHashMap<>();
            for (int i = 0; i < c.numLabels(); i++) {
                id2label.put(Integer.toString(i), "LABEL_" + i);
                label2id.put("LABEL_" + i, i);
            }
            json.put("num_labels", c.numLabels());
            json.put("id2label", id2label);
            json.put("label2id", label2id);
        }
        return json;
    }

    /** The {@code generation_config.json} of a language model: the ids {@code generate} starts and stops on. */
    static Map<String, Object> generationConfig(ModelConfig c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bos_token_id", id(c.bosId()));
        json.put("eos_token_id", eos(c.eosIds()));
        if (c.padId() >= 0) {
            json.put("pad_token_id", c.padId());
        }
        return json;
    }

    private static void llamaFamily(ModelConfig c, Map<String, Object> json) {
        json.put("hidden_size", c.hiddenSize());
        json.put("intermediate_size", c.intermediateSize());
        json.put("num_hidden_layers", c.layers());
        json.put("num_attention_heads", c.heads());
        json.put("num_key_value_heads", c.kvHeads());
        json.put("head_dim", c.headDim());
        json.put("max_position_embeddings", c.maxPositions());
        json.put("rms_norm_eps", c.normEps());
        json.put("rope_theta", c.ropeTheta());
        json.put("rope_scaling", null);
        json.put("hidden_act", "silu");
        json.put("attention_bias", false);
        json.put("mlp_bias", false);
        if (c.architecture() == Architecture.MISTRAL) {
            json.put("sliding_window", null); // Sail attends over the whole context; so will Python
        }
        if (c.architecture() == Architecture.QWEN2) {
            json.put("use_sliding_window", false);
        }
    }

    private static void gpt2(ModelConfig c, Map<String, Object> json) {
        if (c.kvHeads() != c.heads() || c.headDim() * c.heads() != c.hiddenSize()) {
            throw new IllegalArgumentException("a GPT-2 config cannot express " + c.kvHeads() + " key/value heads"
                    + " or a head width other than hidden_size / heads: " + c);
        }
        json.put("n_embd", c.hiddenSize());
        json.put("n_layer", c.layers());
        json.put("n_head", c.heads());
        json.put("n_inner", c.intermediateSize());
        json.put("n_positions", c.maxPositions());
        json.put("layer_norm_epsilon", c.normEps());
        json.put("activation_function", "gelu_new");
        json.put("scale_attn_weights", true);
        json.put("scale_attn_by_inverse_layer_idx", false);
        json.put("reorder_and_upcast_attn", false);
    }

    /** The transformers class that holds the weights under the names {@link CheckpointNaming} gives. */
    static String className(ModelConfig c) {
        String family = switch (c.architecture()) {
            case LLAMA -> "Llama";
            case MISTRAL -> "Mistral";
            case QWEN2 -> "Qwen2";
            case GPT2 -> "GPT2";
        };
        if (c.isRewardModel()) {
            return family + "ForSequenceClassification";
        }
        return family + (c.architecture() == Architecture.GPT2 ? "LMHeadModel" : "ForCausalLM");
    }

    private static Integer id(int id) {
        return id >= 0 ? id : null;
    }

    /** One id as a number, several as a list, none as null: as transformers writes them. */
    private static Object eos(List<Integer> ids) {
        if (ids.isEmpty()) {
            return null;
        }
        return ids.size() == 1 ? ids.get(0) : new ArrayList<>(ids);
    }
}
