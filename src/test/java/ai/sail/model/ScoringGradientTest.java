package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients of a response's summed log-probability through the whole decoder, with a forced GC
 * between forward and backward, against central finite differences of the loop reference (double
 * precision, so the check does not depend on the code under test).
 */
class ScoringGradientTest {

    static Stream<ModelConfig> configs() {
        return TestModels.all().stream();
    }

    static double referenceLogProb(ModelConfig c, Map<String, float[]> w, int[] seq, int promptLength) {
        double[][] logits = new ReferenceDecoder(c, w).logits(seq);
        double sum = 0;
        for (int t = promptLength; t < seq.length; t++) {
            double[] row = logits[t - 1];
            double max = java.util.Arrays.stream(row).max().orElseThrow();
            double z = 0;
            for (double v : row) {
                z += Math.exp(v - max);
            }
            sum += row[seq[t]] - max - Math.log(z);
        }
        return sum;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void gradientsMatchFiniteDifferencesEvenAfterAGc(ModelConfig c) {
        Map<String, float[]> arrays = DecoderTest.randomArrays(c, 21);
        int[] prompt = {1, 4, 9};
        int[] response = {7, 3, 12, 2};
        int[] seq = {1, 4, 9, 7, 3, 12, 2};
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder dec = new Decoder(c, DecoderWeights.fromArrays(c, arrays, m), m)) {
            dec.weights().requireGradients(true);
            try (StepScope s = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                NDArray logp = new ResponseScorer(dec).score(
                        ScoringBatch.promptAndResponse(List.of(prompt), List.of(response)), m).sequence().sum();
                ai.sail.GcPressure.apply();
                g.backward(logp);
            }
            // A few elements of tensors that every architecture has, plus its biases where present, each
            // read from its typed field and checked against the reference's tensor of that Sail name.
            DecoderWeights weights = dec.weights();
            Map<String, NDArray> checked = new java.util.LinkedHashMap<>();
            checked.put("layers.0.qkv.weight", weights.layers().get(0).qkv().weight());
            checked.put("layers.1.down.weight", weights.layers().get(1).down().weight());
            checked.put("final_norm.weight", weights.finalNorm().weight());
            checked.put("embed.weight", weights.embedding());
            checked.put("layers.1.attn_norm.weight", weights.layers().get(1).attentionNorm().weight());
            if (c.architecture().qkvBias) {
                checked.put("layers.1.qkv.bias", weights.layers().get(1).qkv().bias());
            }
            for (Map.Entry<String, NDArray> e : checked.entrySet()) {
                String name = e.getKey();
                float[] grad = e.getValue().getGradient().toFloatArray();
                for (int index : new int[] {0, 5, grad.length / 2 + 1}) {
                    float[] w = arrays.get(name);
                    float saved = w[index];
                    double h = 1e-3;
                    w[index] = (float) (saved + h);
                    double up = referenceLogProb(c, arrays, seq, prompt.length);
                    w[index] = (float) (saved - h);
                    double down = referenceLogProb(c, arrays, seq, prompt.length);
                    w[index] = saved;
                    double fd = (up - down) / (2 * h);
                    assertThat((double) grad[index]).as("%s[%d]", name, index)
                            .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-3 + 1e-3 * Math.abs(fd)));
                }
            }
        }
    }
}
