package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecoderTest {

    static Stream<ModelConfig> configs() {
        return TestModels.all().stream();
    }

    /** Every tensor random, biases and norm gains included, so each one is exercised. */
    static Map<String, float[]> randomArrays(ModelConfig c, long seed) {
        Random rng = new Random(seed);
        Map<String, float[]> m = new HashMap<>();
        for (WeightSpec s : WeightSpec.forConfig(c)) {
            float[] a = new float[(int) s.elements()];
            boolean gain = s.name().contains("norm") && s.name().endsWith(".weight");
            for (int i = 0; i < a.length; i++) {
                a[i] = gain ? 1f + 0.1f * (float) rng.nextGaussian() : 0.2f * (float) rng.nextGaussian();
            }
            m.put(s.name(), a);
        }
        return m;
    }

    static float[] row(NDArray logits, int b, int t) {
        return logits.get(b, t).toFloatArray();
    }

    static int[] ones(int n) {
        int[] r = new int[n];
        java.util.Arrays.fill(r, 1);
        return r;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void fullForwardMatchesTheLoopReference(ModelConfig c) {
        Map<String, float[]> arrays = randomArrays(c, 7);
        int[] ids = {1, 5, 9, 13, 2, 44, 7};
        double[][] expected = new ReferenceDecoder(c, arrays).logits(ids);
        try (NDManager m = TorchRuntime.newManager(ai.djl.Device.cpu());
                Decoder dec = new Decoder(c, DecoderWeights.fromArrays(c, arrays, m), m);
                StepScope s = new StepScope()) {
            NDArray x = m.create(java.util.Arrays.stream(ids).asLongStream().toArray(), new Shape(1, ids.length));
            NDArray logits = dec.logits(dec.forward(x, new AttentionLayout(new int[][] {ones(ids.length)}, ids.length), null));
            for (int t = 0; t < ids.length; t++) {
                float[] got = row(logits, 0, t);
                for (int v = 0; v < c.vocabSize(); v++) {
                    assertThat((double) got[v]).as("t=%d v=%d", t, v).isCloseTo(expected[t][v], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void kvCacheDecodingGivesTheFullForwardLogits(ModelConfig c) {
        Map<String, float[]> arrays = randomArrays(c, 11);
        long[] ids = {1, 5, 9, 13, 2, 44, 7, 30};
        try (NDManager m = TorchRuntime.newManager(ai.djl.Device.cpu());
                Decoder dec = new Decoder(c, DecoderWeights.fromArrays(c, arrays, m), m);
                StepScope s = new StepScope()) {
            NDArray full = dec.logits(dec.forward(m.create(ids, new Shape(1, ids.length)),
                    new AttentionLayout(new int[][] {ones(ids.length)}, ids.length), null));
            try (KvCache cache = new KvCache(m, c, 1, ids.length)) {
                int prefill = 4;
                long[] first = java.util.Arrays.copyOf(ids, prefill);
                NDArray step = dec.logits(dec.forward(m.create(first, new Shape(1, prefill)),
                        new AttentionLayout(new int[][] {ones(prefill)}, prefill), cache));
                assertClose(row(step, 0, prefill - 1), row(full, 0, prefill - 1));
                for (int t = prefill; t < ids.length; t++) {
                    NDArray one = dec.logits(dec.forward(m.create(new long[] {ids[t]}, new Shape(1, 1)),
                            new AttentionLayout(new int[][] {ones(t + 1)}, 1), cache));
                    assertClose(row(one, 0, 0), row(full, 0, t));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void eachRowOfALeftPaddedBatchMatchesTheRowRunAlone(ModelConfig c) {
        Map<String, float[]> arrays = randomArrays(c, 13);
        long[] shortRow = {1, 8, 3};
        long[] longRow = {1, 4, 6, 22, 17, 9};
        int pad = longRow.length - shortRow.length;
        long[] batch = new long[2 * longRow.length];
        int[][] valid = new int[2][longRow.length];
        for (int i = 0; i < longRow.length; i++) {
            batch[i] = i < pad ? 0 : shortRow[i - pad];
            valid[0][i] = i < pad ? 0 : 1;
            batch[longRow.length + i] = longRow[i];
            valid[1][i] = 1;
        }
        try (NDManager m = TorchRuntime.newManager(ai.djl.Device.cpu());
                Decoder dec = new Decoder(c, DecoderWeights.fromArrays(c, arrays, m), m);
                StepScope s = new StepScope()) {
            NDArray both = dec.logits(dec.forward(m.create(batch, new Shape(2, longRow.length)),
                    new AttentionLayout(valid, longRow.length), null));
            NDArray alone = dec.logits(dec.forward(m.create(shortRow, new Shape(1, shortRow.length)),
                    new AttentionLayout(new int[][] {ones(shortRow.length)}, shortRow.length), null));
            for (int t = 0; t < shortRow.length; t++) {
                assertClose(row(both, 0, pad + t), row(alone, 0, t));
            }
        }
    }

    static void assertClose(float[] got, float[] want) {
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as("index %d", i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }
}
