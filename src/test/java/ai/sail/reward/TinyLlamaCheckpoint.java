package ai.sail.reward;

import ai.sail.Fixtures;
import ai.sail.io.SafetensorsWriter;
import ai.sail.model.CheckpointNaming;
import ai.sail.model.ModelConfig;
import ai.sail.model.WeightSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a small random-weight Llama checkpoint in Hugging Face layout (config.json,
 * model.safetensors, a real tokenizer from the shared fixtures), as a causal LM or as a
 * {@code LlamaForSequenceClassification} reward model. Tensor names come from the project's own naming
 * table, split back into Hugging Face's separate q/k/v and gate/up tensors; the reward tests compare a
 * source against the scorer on the same loaded model, so they need loadable weights, not a second
 * independent mapping (model's own tests check that).
 */
final class TinyLlamaCheckpoint {
    private TinyLlamaCheckpoint() {}

    /** Width 16, 2 layers, 4 heads with 4 key/value heads (so q/k/v split into equal thirds). */
    static ModelConfig config(int vocab, int numLabels) {
        return ModelConfig.llama().vocabSize(vocab).hiddenSize(16).layers(2).heads(4).kvHeads(4).headDim(4)
                .intermediateSize(24).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0).numLabels(numLabels)
                .bosId(1).eosIds(List.of(2)).build();
    }

    /** @param tokenizer a fixture folder holding tokenizer.json and tokenizer_config.json */
    static Path write(Path dir, ModelConfig c, String tokenizer) throws IOException {
        Path tokenizerDir = Fixtures.require(tokenizer);
        Random rng = new Random(11);
        CheckpointNaming naming = CheckpointNaming.huggingFace(c.architecture(), name -> false);
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        for (WeightSpec spec : WeightSpec.forConfig(c)) {
            List<CheckpointNaming.Part> parts = naming.parts(spec);
            long rows = spec.shape()[0] / parts.size();
            long rowWidth = spec.elements() / spec.shape()[0];
            for (CheckpointNaming.Part part : parts) {
                float[] values = new float[Math.toIntExact(rows * rowWidth)];
                boolean gain = spec.slot().kind == WeightSpec.Kind.NORM_GAIN;
                for (int i = 0; i < values.length; i++) {
                    values[i] = (gain ? 1f : 0f) + 0.3f * (float) rng.nextGaussian();
                }
                long[] shape = spec.shape().clone();
                shape[0] = rows;
                tensors.put(part.name(), new SafetensorsWriter.Tensor(shape, values));
            }
        }
        Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        String labels = "";
        if (c.isRewardModel()) {
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < c.numLabels(); i++) {
                ids.append(i == 0 ? "" : ", ").append("\"").append(i).append("\": \"LABEL_").append(i).append("\"");
            }
            labels = ", \"id2label\": {" + ids + "}";
        }
        Files.writeString(dir.resolve("config.json"), String.format(
                "{\"model_type\": \"llama\", \"architectures\": [\"%s\"], \"vocab_size\": %d, \"hidden_size\": %d,"
                        + " \"num_hidden_layers\": %d, \"num_attention_heads\": %d, \"num_key_value_heads\": %d,"
                        + " \"intermediate_size\": %d, \"rms_norm_eps\": 1e-05, \"rope_theta\": 10000.0,"
                        + " \"max_position_embeddings\": %d, \"tie_word_embeddings\": false, \"eos_token_id\": 2,"
                        + " \"bos_token_id\": 1%s}",
                c.isRewardModel() ? "LlamaForSequenceClassification" : "LlamaForCausalLM", c.vocabSize(),
                c.hiddenSize(), c.layers(), c.heads(), c.kvHeads(), c.intermediateSize(), c.maxPositions(), labels));
        Files.copy(tokenizerDir.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(tokenizerDir.resolve("tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        return dir;
    }
}
