package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.sail.Fixtures;
import ai.sail.tensor.StepScope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AttentionLayoutTest {

    @Test
    void theLargestPositionIsTheRealTokensBeforeTheLastQueryNotTheirCount() {
        // Position of a query = real tokens before it; 4 real tokens reach position 3.
        assertThat(new AttentionLayout(new int[][] {{1, 1, 1, 1}}, 4).maxPosition()).isEqualTo(3);
        // Left padding: the real tokens are at positions 0..2.
        assertThat(new AttentionLayout(new int[][] {{0, 1, 1, 1}, {1, 1, 1, 1}}, 4).maxPosition()).isEqualTo(3);
        assertThat(new AttentionLayout(new int[][] {{0, 0, 1, 1}}, 4).maxPosition()).isEqualTo(1);
        // Right padding: a padding query sits at the count of real tokens before it (2 here).
        assertThat(new AttentionLayout(new int[][] {{1, 1, 0, 0}}, 4).maxPosition()).isEqualTo(2);
        // KV cache: one query after five cached keys of which one is padding.
        assertThat(new AttentionLayout(new int[][] {{0, 1, 1, 1, 1, 1}}, 1).maxPosition()).isEqualTo(4);
    }

    @Test
    void maxPositionAgreesWithThePositionsItDescribes() {
        int[][] valid = {{0, 0, 1, 1, 1, 0, 1}, {1, 1, 1, 1, 1, 1, 1}, {1, 0, 1, 0, 1, 0, 0}};
        for (int queries = 1; queries <= 7; queries++) {
            AttentionLayout layout = new AttentionLayout(valid, queries);
            try (ai.djl.ndarray.NDManager m = ai.sail.tensor.TorchRuntime.newManager(Device.cpu())) {
                long max = Arrays.stream(layout.positions(m).toLongArray()).max().orElseThrow();
                assertThat(layout.maxPosition()).as("queries %d", queries).isEqualTo((int) max);
            }
        }
    }

    @Test
    void aGpt2SequenceThatFillsTheContextIsScoredAndOneMoreTokenIsRefused() {
        java.nio.file.Path gpt2 = Fixtures.require("models/tiny-random-gpt2");
        try (LanguageModel model = ModelLoader.load(gpt2.toString(), Device.cpu()); StepScope s = new StepScope()) {
            int context = model.config().maxPositions();
            assertThat(context).isEqualTo(512);
            Decoder d = model.decoder();
            long[] ids = new long[context];
            for (int i = 0; i < context; i++) {
                ids[i] = (i * 31L) % model.config().vocabSize();
            }
            NDArray full = d.manager().create(ids, new Shape(1, context));
            int[] ones = new int[context];
            Arrays.fill(ones, 1);
            NDArray logits = d.logits(d.forward(full, new AttentionLayout(new int[][] {ones}, context), null));
            assertThat(logits.getShape()).isEqualTo(new Shape(1, context, model.config().vocabSize()));
            for (float v : logits.get(0, context - 1).toFloatArray()) {
                assertThat(v).isFinite();
            }

            int[] tooMany = new int[context + 1];
            Arrays.fill(tooMany, 1);
            NDArray longer = d.manager().zeros(new Shape(1, context + 1), ai.djl.ndarray.types.DataType.INT64);
            assertThatThrownBy(() -> d.forward(longer, new AttentionLayout(new int[][] {tooMany}, context + 1), null))
                    .hasMessageContaining("513 tokens").hasMessageContaining("512 positions");
        }
    }

    @Test
    void aMaskLargerThanAnArrayIsRefusedByNameNotByAnOverflow() {
        // 1 x 50,000 x 50,000 = 2.5e9 values: int arithmetic would wrap to a negative size.
        AttentionLayout layout = new AttentionLayout(new int[][] {new int[50_000]}, 50_000);
        try (ai.djl.ndarray.NDManager m = ai.sail.tensor.TorchRuntime.newManager(Device.cpu())) {
            assertThatThrownBy(() -> layout.additiveMask(m))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the attention mask of 1 rows x 50000 queries x 50000 keys needs 2500000000 values,"
                            + " more than one array can hold (2147483639): use fewer rows per batch or shorter"
                            + " sequences");
        }
    }

    @Test
    void aRotarySequenceBeyondTheContextIsRefusedNotSilentlyComputed() {
        ModelConfig config = ModelConfig.llama().vocabSize(20).hiddenSize(8).layers(1).heads(2).intermediateSize(12)
                .maxPositions(16).build();
        try (ai.djl.ndarray.NDManager m = ai.sail.tensor.TorchRuntime.newManager(Device.cpu());
                Decoder d = new Decoder(config, DecoderWeights.random(config, m, 1), m);
                StepScope s = new StepScope()) {
            int[] fits = new int[16];
            Arrays.fill(fits, 1);
            NDArray ids = m.zeros(new Shape(1, 16), ai.djl.ndarray.types.DataType.INT64);
            assertThat(d.forward(ids, new AttentionLayout(new int[][] {fits}, 16), null).getShape())
                    .isEqualTo(new Shape(1, 16, 8));

            int[] tooMany = new int[17];
            Arrays.fill(tooMany, 1);
            NDArray longer = m.zeros(new Shape(1, 17), ai.djl.ndarray.types.DataType.INT64);
            assertThatThrownBy(() -> d.forward(longer, new AttentionLayout(new int[][] {tooMany}, 17), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sequence of 17 tokens exceeds the model's 16 positions (max_position_embeddings)");
        }
    }
}
