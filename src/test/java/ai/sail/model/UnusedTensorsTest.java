package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.sail.io.SafetensorsFile;
import ai.sail.io.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint tensor that the configuration does not read is an error: a config.json with fewer layers
 * than the checkpoint would otherwise load the first layers and compute another model. Buffers that
 * the Python model recomputes are allowed.
 */
class UnusedTensorsTest {
    static final ModelConfig TWO_LAYERS = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(2).heads(4)
            .kvHeads(4).headDim(4).intermediateSize(24).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0)
            .bosId(1).eosIds(List.of(2)).build();

    @TempDir
    Path dir;

    private void setConfig(String from, String to) throws Exception {
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertThat(text).contains(from);
        Files.writeString(config, text.replace(from, to));
    }

    /** Adds tensors to the checkpoint written in {@code dir}. */
    private void addTensors(Map<String, SafetensorsWriter.Tensor> extra) throws Exception {
        Path file = dir.resolve("model.safetensors");
        Map<String, SafetensorsWriter.Tensor> all = new LinkedHashMap<>();
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            for (String name : in.names()) {
                all.put(name, new SafetensorsWriter.Tensor(in.shape(name), in.readFloats(name)));
            }
        }
        all.putAll(extra);
        SafetensorsWriter.write(file, all, Map.of("format", "pt"));
    }

    @Test
    void aConfigWithFewerLayersThanTheCheckpointIsRefused() throws Exception {
        HfCheckpointLoadingTest.writeLlama(dir, TWO_LAYERS, "llama", "LlamaForCausalLM");
        setConfig("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1");

        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir + ": the checkpoint holds 9 tensors that this configuration does not use:"
                        + " model.layers.1.input_layernorm.weight, model.layers.1.mlp.down_proj.weight,"
                        + " model.layers.1.mlp.gate_proj.weight and 6 more; the checkpoint has layers up to 1 but"
                        + " config.json sets num_hidden_layers to 1, so layer 1 would be silently dropped; set"
                        + " num_hidden_layers to 2");
        assertThatThrownBy(() -> ModelLoader.describe(dir.toString())).hasMessageContaining("num_hidden_layers to 2");
    }

    @Test
    void aHeadTheConfigDoesNotNameIsRefused() throws Exception {
        HfCheckpointLoadingTest.writeLlama(dir, TWO_LAYERS, "llama", "LlamaForCausalLM");
        addTensors(Map.of("score.weight", new SafetensorsWriter.Tensor(new long[] {1, 16}, new float[16])));

        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir + ": the checkpoint holds 1 tensor that this configuration does not use: score.weight;"
                        + " Sail would ignore it and compute a different model than the checkpoint's; check that"
                        + " config.json describes this checkpoint (model family, output or score head, tied"
                        + " embeddings)");
    }

    @Test
    void buffersThePythonModelRecomputesAreAllowed() throws Exception {
        HfCheckpointLoadingTest.writeLlama(dir, TWO_LAYERS, "llama", "LlamaForCausalLM");
        addTensors(Map.of("model.layers.0.self_attn.rotary_emb.inv_freq",
                new SafetensorsWriter.Tensor(new long[] {2}, new float[] {1f, 0.01f})));

        try (LanguageModel lm = ModelLoader.load(dir.toString(), Device.cpu())) {
            assertThat(lm.config().layers()).isEqualTo(2);
            assertThat(lm.decoder().weights().origin()).isEqualTo("loaded from " + dir);
        }
    }
}
