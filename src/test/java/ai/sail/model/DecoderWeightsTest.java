package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.sail.tensor.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The typed fields and the by-name view are the same tensors, under the Sail names that saved
 * checkpoints and optimizer state files already use (so those files still load).
 */
class DecoderWeightsTest {

    static List<String> layer(int i, String... parts) {
        List<String> names = new ArrayList<>();
        for (String p : parts) {
            names.add("layers." + i + "." + p);
        }
        return names;
    }

    static List<String> names(ModelConfig c) {
        return WeightSpec.forConfig(c).stream().map(WeightSpec::name).toList();
    }

    @Test
    void sailNamesAndTheirOrderAreThoseOfSavedCheckpoints() {
        ModelConfig llama = ModelConfig.llama().vocabSize(50).hiddenSize(32).layers(1).heads(4).kvHeads(2)
                .intermediateSize(48).maxPositions(128).build();
        List<String> want = new ArrayList<>(List.of("embed.weight"));
        want.addAll(layer(0, "attn_norm.weight", "qkv.weight", "o.weight", "mlp_norm.weight", "gate_up.weight",
                "down.weight"));
        want.addAll(List.of("final_norm.weight", "lm_head.weight"));
        assertThat(names(llama)).containsExactlyElementsOf(want);

        ModelConfig qwen2Reward = ModelConfig.qwen2().vocabSize(50).hiddenSize(32).layers(1).heads(4).kvHeads(1)
                .intermediateSize(40).maxPositions(128).numLabels(2).build();
        want = new ArrayList<>(List.of("embed.weight"));
        want.addAll(layer(0, "attn_norm.weight", "qkv.weight", "qkv.bias", "o.weight", "mlp_norm.weight",
                "gate_up.weight", "down.weight"));
        want.addAll(List.of("final_norm.weight", "score.weight"));
        assertThat(names(qwen2Reward)).containsExactlyElementsOf(want);

        want = new ArrayList<>(List.of("embed.weight", "pos_embed.weight"));
        for (int i = 0; i < 2; i++) {
            want.addAll(layer(i, "attn_norm.weight", "attn_norm.bias", "qkv.weight", "qkv.bias", "o.weight", "o.bias",
                    "mlp_norm.weight", "mlp_norm.bias", "up.weight", "up.bias", "down.weight", "down.bias"));
        }
        want.addAll(List.of("final_norm.weight", "final_norm.bias"));
        assertThat(names(TestModels.gpt2())).containsExactlyElementsOf(want);
    }

    @Test
    void eachNameViewsItsTypedField() {
        try (NDManager m = TorchRuntime.newManager(Device.cpu())) {
            ModelConfig gpt2 = TestModels.gpt2();
            try (DecoderWeights w = DecoderWeights.random(gpt2, m, 3)) {
                assertThat(w.all().keySet()).containsExactlyElementsOf(names(gpt2));
                DecoderWeights.Layer l1 = w.layers().get(1);
                assertThat(w.layers()).hasSize(2);
                assertThat(w.all().get("embed.weight")).isSameAs(w.embedding());
                assertThat(w.all().get("pos_embed.weight")).isSameAs(w.positionEmbedding().orElseThrow());
                assertThat(w.all().get("layers.1.attn_norm.weight")).isSameAs(l1.attentionNorm().weight());
                assertThat(w.all().get("layers.1.attn_norm.bias")).isSameAs(l1.attentionNorm().bias());
                assertThat(w.all().get("layers.1.qkv.weight")).isSameAs(l1.qkv().weight());
                assertThat(w.all().get("layers.1.qkv.bias")).isSameAs(l1.qkv().bias());
                assertThat(w.all().get("layers.1.o.weight")).isSameAs(l1.output().weight());
                assertThat(w.all().get("layers.1.o.bias")).isSameAs(l1.output().bias());
                assertThat(w.all().get("layers.1.mlp_norm.weight")).isSameAs(l1.mlpNorm().weight());
                assertThat(w.all().get("layers.1.mlp_norm.bias")).isSameAs(l1.mlpNorm().bias());
                assertThat(w.all().get("layers.1.up.weight")).isSameAs(l1.up().weight());
                assertThat(w.all().get("layers.1.up.bias")).isSameAs(l1.up().bias());
                assertThat(w.all().get("layers.1.down.weight")).isSameAs(l1.down().weight());
                assertThat(w.all().get("layers.1.down.bias")).isSameAs(l1.down().bias());
                assertThat(w.all().get("final_norm.weight")).isSameAs(w.finalNorm().weight());
                assertThat(w.all().get("final_norm.bias")).isSameAs(w.finalNorm().bias());
                // Tied: the output head is the embedding itself, and is not listed twice.
                assertThat(w.outputHead().weight()).isSameAs(w.embedding());
                assertThat(w.score()).isEmpty();
                for (String name : w.all().keySet()) {
                    assertThat(w.all().get(name).getName()).isEqualTo(name);
                }
            }

            ModelConfig llama = TestModels.llama(RopeStyle.HALF_SPLIT);
            try (DecoderWeights w = DecoderWeights.random(llama, m, 3)) {
                DecoderWeights.Layer l0 = w.layers().get(0);
                assertThat(w.positionEmbedding()).isEmpty();
                assertThat(l0.attentionNorm().bias()).isNull();
                assertThat(l0.qkv().bias()).isNull();
                assertThat(w.all().get("layers.0.gate_up.weight")).isSameAs(l0.up().weight());
                NDArray head = w.all().get("lm_head.weight");
                assertThat(w.outputHead().weight()).isSameAs(head).isNotSameAs(w.embedding());
                assertThat(head.getShape().getShape()).containsExactly(50, 32);
                assertThat(l0.up().weight().getShape().getShape()).containsExactly(96, 32);
            }
        }
    }

    @Test
    void aRewardModelHasAScoreHead() {
        ModelConfig c = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(1).heads(4).intermediateSize(24)
                .maxPositions(128).numLabels(1).build();
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); DecoderWeights w = DecoderWeights.random(c, m, 1)) {
            assertThat(w.score().orElseThrow().weight()).isSameAs(w.all().get("score.weight"));
            assertThat(w.all()).doesNotContainKey("lm_head.weight");
        }
    }
}
