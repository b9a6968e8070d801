package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkModelTest {

    @Test
    void aRandomModelHasTheShapeItWasGiven() {
        BenchmarkModel.Shape shape = new BenchmarkModel.Shape(Architecture.QWEN2, 32, 2, 4, 2, 48, 64);
        try (BenchmarkModel m = BenchmarkModel.random(shape, Device.cpu())) {
            ModelConfig c = m.config();
            assertThat(c.architecture()).isEqualTo(Architecture.QWEN2);
            assertThat(new int[] {c.hiddenSize(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.intermediateSize(),
                c.vocabSize()}).containsExactly(32, 2, 4, 2, 8, 48, 64);
            assertThat(m.description()).isEqualTo("random qwen2: d_model 32, 2 layers, 4 heads (2 kv), ffn 48, vocab 64, rope theta 10000");
        }
    }

    @Test
    void theQwenPresetIsQwen25HalfBillionsConfig() {
        BenchmarkModel.Shape s = BenchmarkModel.Shape.preset("qwen2.5-0.5b");
        ModelConfig c = s.config();
        assertThat(c.architecture()).isEqualTo(Architecture.QWEN2);
        assertThat(new int[] {c.hiddenSize(), c.layers(), c.heads(), c.kvHeads(), c.headDim(), c.intermediateSize(),
            c.vocabSize()}).containsExactly(896, 24, 14, 2, 64, 4864, 151_936);
        assertThat(c.tiedEmbeddings()).isTrue();
        assertThat(c.ropeTheta()).isEqualTo(1_000_000.0);
        assertThat(c.architecture().qkvBias).isTrue();
        assertThatThrownBy(() -> BenchmarkModel.Shape.preset("qwen9")).hasMessageContaining("qwen2.5-0.5b");
    }

    @Test
    void gpt2HasAsManyKeyValueHeadsAsHeads() {
        try (BenchmarkModel m = BenchmarkModel.random(new BenchmarkModel.Shape(Architecture.GPT2, 32, 1, 4, 1, 48, 64),
                Device.cpu())) {
            assertThat(m.config().kvHeads()).isEqualTo(4);
            assertThat(m.config().tiedEmbeddings()).isTrue();
        }
    }

    @Test
    void theWidthMustSplitIntoTheHeads() {
        assertThatThrownBy(() -> new BenchmarkModel.Shape(Architecture.LLAMA, 30, 1, 4, 4, 48, 64))
                .hasMessageContaining("--d-model must be a multiple of --heads");
    }

    @Test
    void aFrozenCopyHoldsTheSameWeightsOnAManagerOfItsOwn() {
        try (BenchmarkModel m = BenchmarkModel.random(new BenchmarkModel.Shape(Architecture.LLAMA, 32, 1, 4, 4, 48, 64),
                Device.cpu())) {
            Map<String, float[]> original = m.decoder().weights().toFloatArrays();
            try (BenchmarkModel copy = m.frozenCopy()) {
                assertThat(copy.decoder()).isNotSameAs(m.decoder());
                assertThat(copy.decoder().manager()).isNotSameAs(m.decoder().manager());
                Map<String, float[]> copied = copy.decoder().weights().toFloatArrays();
                assertThat(copied.keySet()).isEqualTo(original.keySet());
                original.forEach((name, values) -> assertThat(copied.get(name)).as(name).containsExactly(values));
            }
            // Closing the copy leaves the original usable.
            assertThat(m.decoder().weights().toFloatArrays().keySet()).isEqualTo(original.keySet());
        }
    }
}
