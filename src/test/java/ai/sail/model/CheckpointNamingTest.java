package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.sail.io.SafetensorsFile;
import ai.sail.io.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one table that loading stacks by and saving splits by: part names, row counts, stored layout. */
class CheckpointNamingTest {
    @TempDir
    Path dir;

    @Test
    void rowCountsOfEachPart() {
        ModelConfig c = TestModels.qwen2(); // 4 heads, 1 key/value head, head width 8, MLP 40
        CheckpointNaming hf = CheckpointNaming.huggingFace(c.architecture(), name -> false);
        Map<String, WeightSpec> specs = new LinkedHashMap<>();
        WeightSpec.forConfig(c).forEach(s -> specs.put(s.name(), s));
        assertThat(hf.partRows(specs.get("layers.1.qkv.weight"), c)).containsExactly(32, 8, 8);
        assertThat(hf.partRows(specs.get("layers.1.qkv.bias"), c)).containsExactly(32, 8, 8);
        assertThat(hf.partRows(specs.get("layers.0.gate_up.weight"), c)).containsExactly(40, 40);
        assertThat(hf.partRows(specs.get("layers.0.down.weight"), c)).containsExactly(32);
        assertThat(hf.partRows(specs.get("embed.weight"), c)).containsExactly(50);
        ModelConfig g = TestModels.gpt2();
        WeightSpec fusedQkv = WeightSpec.forConfig(g).stream().filter(s -> s.name().equals("layers.0.qkv.weight")).findFirst().orElseThrow();
        assertThat(CheckpointNaming.huggingFace(g.architecture(), name -> true).partRows(fusedQkv, g)).containsExactly(96);
    }

    @Test
    void splittingCutsRowsAndTransposesConv1dWeightsBack() {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT); // 4 heads, 2 kv heads, head width 8, d 32
        WeightSpec qkv = new WeightSpec(WeightSpec.Slot.QKV, 0, new long[] {64, 32});
        float[] values = new float[64 * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        List<CheckpointNaming.StoredTensor> parts = CheckpointNaming.huggingFace(c.architecture(), n -> true).split(qkv, values, c);
        assertThat(parts).extracting(CheckpointNaming.StoredTensor::name).containsExactly(
                "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
                "model.layers.0.self_attn.v_proj.weight");
        assertThat(parts.get(1).shape()).containsExactly(16, 32);
        assertThat(parts.get(1).values()[0]).isEqualTo(32 * 32);
        assertThat(parts.get(2).values()[16 * 32 - 1]).isEqualTo(64 * 32 - 1);

        ModelConfig g = TestModels.gpt2(); // d 32, MLP 64
        WeightSpec up = new WeightSpec(WeightSpec.Slot.UP, 1, new long[] {64, 32});
        float[] m = new float[64 * 32];
        m[1] = 7f; // row 0, column 1: stored [in, out] it sits at row 1, column 0
        CheckpointNaming.StoredTensor fc = CheckpointNaming.huggingFace(g.architecture(), n -> true).split(up, m, g).get(0);
        assertThat(fc.name()).isEqualTo("transformer.h.1.mlp.c_fc.weight");
        assertThat(fc.shape()).containsExactly(32, 64);
        assertThat(fc.values()[64]).isEqualTo(7f);
    }

    /** A checkpoint whose q and k row counts are swapped adds up to the right total but is refused. */
    @Test
    void loadingChecksEveryPartAgainstItsRowCount() throws Exception {
        ModelConfig c = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(1).heads(4).kvHeads(2).headDim(4)
                .intermediateSize(24).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0)
                .bosId(1).eosIds(List.of(2)).build();
        HfCheckpointLoadingTest.writeLlama(dir, c, "llama", "LlamaForCausalLM");
        Path file = dir.resolve("model.safetensors");
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                tensors.put(name, new SafetensorsWriter.Tensor(f.shape(name), f.readFloats(name)));
            }
        }
        float[] q = tensors.get("model.layers.0.self_attn.q_proj.weight").values(); // 16 rows
        float[] k = tensors.get("model.layers.0.self_attn.k_proj.weight").values(); // 8 rows
        tensors.put("model.layers.0.self_attn.q_proj.weight",
                new SafetensorsWriter.Tensor(new long[] {12, 16}, Arrays.copyOf(q, 12 * 16)));
        tensors.put("model.layers.0.self_attn.k_proj.weight",
                new SafetensorsWriter.Tensor(new long[] {12, 16}, Arrays.copyOf(k, 12 * 16)));
        Files.delete(file);
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .hasMessageContaining("model.layers.0.self_attn.q_proj.weight")
                .hasMessageContaining("16 rows expected");
    }
}
