package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@code logit[token] - logsumexp(logits)}, chunked, against the full-vocabulary path it replaces
 * ({@code logSoftmax} then gather): equal values and equal gradients, with a GC between forward and
 * backward, for chunks of one row, a few rows and all rows.
 */
class TokenLogProbsTest {

    @Test
    void valuesAndGradientsEqualLogSoftmaxThenGather() {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT);
        Map<String, float[]> arrays = DecoderTest.randomArrays(c, 3);
        Random rng = new Random(4);
        int n = 13;
        float[] h = new float[n * c.hiddenSize()];
        for (int i = 0; i < h.length; i++) {
            h[i] = 3 * (float) rng.nextGaussian(); // large logits: the shift by the max matters
        }
        long[] tokens = rng.longs(n, 0, c.vocabSize()).toArray();
        float[] upstream = new float[n]; // d(objective)/d(log p) of each row
        for (int i = 0; i < n; i++) {
            upstream[i] = (float) rng.nextGaussian();
        }
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder dec = new Decoder(c, DecoderWeights.fromArrays(c, arrays, m), m)) {
            dec.weights().requireGradients(true);
            float[] reference = null;
            float[][] referenceGrads = null;
            for (int chunk : new int[] {0, 1, 4, n}) { // 0: the reference path
                float[] values;
                float[][] grads;
                try (StepScope s = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                    NDArray hidden = m.create(h, new Shape(n, c.hiddenSize()));
                    hidden.setRequiresGradient(true);
                    NDArray target = m.create(tokens);
                    NDArray lp = chunk == 0
                            ? dec.logits(hidden).logSoftmax(1).gather(target.reshape(n, 1), 1).reshape(n)
                            : TokenLogProbs.of(dec, hidden, target, chunk);
                    values = lp.toFloatArray();
                    ai.sail.GcPressure.apply();
                    g.backward(lp.mul(m.create(upstream)).sum());
                    grads = new float[][] {hidden.getGradient().toFloatArray(),
                        dec.weights().outputHead().weight().getGradient().toFloatArray()};
                }
                ai.sail.tensor.GradientNorm.zero(dec.weights().trainable().values());
                if (chunk == 0) {
                    reference = values;
                    referenceGrads = grads;
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    assertThat(values[i]).as("chunk %d row %d", chunk, i).isCloseTo(reference[i], Offset.offset(1e-6f * Math.max(1, Math.abs(reference[i]))));
                }
                for (int k = 0; k < 2; k++) {
                    for (int i = 0; i < grads[k].length; i++) {
                        assertThat(grads[k][i]).as("chunk %d gradient %d[%d]", chunk, k, i)
                                .isCloseTo(referenceGrads[k][i], Offset.offset(1e-5f));
                    }
                }
            }
        }
    }
}
