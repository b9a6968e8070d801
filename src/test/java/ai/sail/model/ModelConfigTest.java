package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The named factories: every default they state, and validation of what is left unset. */
class ModelConfigTest {

    @Test
    void llamaDefaults() {
        ModelConfig c = ModelConfig.llama().vocabSize(50).hiddenSize(32).layers(2).heads(4).intermediateSize(48)
                .maxPositions(128).build();
        assertThat(c).isEqualTo(new ModelConfig(Architecture.LLAMA, 50, 32, 2, 4, 4, 8, 48, 128, 1e-5f, 10000.0,
                RopeStyle.HALF_SPLIT, false, 0, -1, List.of(), -1));
        assertThat(ModelConfig.qwen2().vocabSize(50).hiddenSize(32).layers(2).heads(4).intermediateSize(48)
                .maxPositions(128).build().architecture()).isEqualTo(Architecture.QWEN2);
        assertThat(ModelConfig.mistral().vocabSize(50).hiddenSize(32).layers(2).heads(4).intermediateSize(48)
                .maxPositions(128).build().architecture()).isEqualTo(Architecture.MISTRAL);
    }

    @Test
    void gpt2DefaultsAreTiedWithoutRotaryBase() {
        ModelConfig c = ModelConfig.gpt2().vocabSize(50).hiddenSize(32).layers(2).heads(4).intermediateSize(128)
                .maxPositions(64).build();
        assertThat(c).isEqualTo(new ModelConfig(Architecture.GPT2, 50, 32, 2, 4, 4, 8, 128, 64, 1e-5f, 0,
                RopeStyle.HALF_SPLIT, true, 0, -1, List.of(), -1));
    }

    @Test
    void everySetterReachesItsField() {
        ModelConfig c = ModelConfig.builder(Architecture.QWEN2).vocabSize(7).hiddenSize(12).layers(3).heads(6)
                .kvHeads(3).headDim(4).intermediateSize(20).maxPositions(99).normEps(1e-6f).ropeTheta(5.0)
                .ropeStyle(RopeStyle.ADJACENT).tiedEmbeddings(true).numLabels(2).bosId(1).eosIds(List.of(2, 3))
                .padId(4).build();
        assertThat(c).isEqualTo(new ModelConfig(Architecture.QWEN2, 7, 12, 3, 6, 3, 4, 20, 99, 1e-6f, 5.0,
                RopeStyle.ADJACENT, true, 2, 1, List.of(2, 3), 4));
    }

    @Test
    void unsetShapeFieldsAreNamed() {
        assertThatThrownBy(() -> ModelConfig.llama().vocabSize(50).hiddenSize(32).layers(2).intermediateSize(48)
                .maxPositions(128).build()).hasMessageContaining("num_attention_heads");
        assertThatThrownBy(() -> ModelConfig.llama().vocabSize(50).hiddenSize(32).layers(2).heads(4)
                .maxPositions(128).build()).hasMessageContaining("intermediate_size");
        assertThatThrownBy(() -> ModelConfig.llama().vocabSize(50).hiddenSize(32).layers(2).heads(4).kvHeads(0)
                .intermediateSize(48).maxPositions(128).build()).hasMessageContaining("num_key_value_heads");
    }
}
