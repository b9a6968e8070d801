package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.model.AttentionLayout;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.ModelConfig;
import ai.sail.model.WeightSpec;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The implicit reward against log-probabilities computed here from each unpadded row's logits with a
 * double-precision log-softmax, independent of the scorer and of batching.
 */
class ImplicitRewardTest {
    static final ModelConfig CONFIG = TinyLlamaCheckpoint.config(50, 0);
    static final double BETA = 0.5;

    private NDManager manager;
    private Decoder policy;
    private Decoder reference;

    static DecoderWeights weights(NDManager m, long seed) {
        Random rng = new Random(seed);
        Map<String, float[]> arrays = new HashMap<>();
        for (WeightSpec s : WeightSpec.forConfig(CONFIG)) {
            float[] a = new float[(int) s.elements()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (s.name().contains("norm") ? 1f : 0f) + 0.3f * (float) rng.nextGaussian();
            }
            arrays.put(s.name(), a);
        }
        return DecoderWeights.fromArrays(CONFIG, arrays, m);
    }

    @BeforeEach
    void models() {
        manager = TorchRuntime.newManager(Device.cpu());
        policy = new Decoder(CONFIG, weights(manager, 1), manager);
        reference = new Decoder(CONFIG, weights(manager, 2), manager);
    }

    @AfterEach
    void close() {
        policy.close();
        reference.close();
        manager.close();
    }

    /** Sum of log p(response token | everything before it), from the row's logits. */
    static double logp(Decoder d, int[] prompt, int[] response) {
        int[] row = new int[prompt.length + response.length];
        System.arraycopy(prompt, 0, row, 0, prompt.length);
        System.arraycopy(response, 0, row, prompt.length, response.length);
        int[][] ones = {new int[row.length]};
        Arrays.fill(ones[0], 1);
        try (StepScope s = new StepScope()) {
            NDArray ids = d.manager().create(Arrays.stream(row).asLongStream().toArray(), new Shape(1, row.length));
            NDArray logits = d.logits(d.forward(ids, new AttentionLayout(ones, row.length), null));
            double sum = 0;
            for (int t = prompt.length; t < row.length; t++) {
                float[] z = logits.get(0, t - 1).toFloatArray();
                double max = Double.NEGATIVE_INFINITY;
                for (float v : z) {
                    max = Math.max(max, v);
                }
                double norm = 0;
                for (float v : z) {
                    norm += Math.exp(v - max);
                }
                sum += z[row[t]] - max - Math.log(norm);
            }
            return sum;
        }
    }

    @Test
    void isBetaTimesThePolicyReferenceLogRatio() {
        List<RewardQuery> queries = List.of(
                new RewardQuery("p", "r", new int[] {1, 7, 9}, new int[] {12, 30, 4, 2}),
                new RewardQuery("p", "r", new int[] {1}, new int[] {5}),
                new RewardQuery("p", "r", new int[] {1, 3, 3, 3, 3}, new int[] {8, 2}),
                new RewardQuery("p", "", new int[] {1, 4}, new int[0]));
        double[] got = new ImplicitReward(policy, reference, BETA, 3).score(queries);
        for (int i = 0; i < queries.size(); i++) {
            RewardQuery q = queries.get(i);
            double want = BETA * (logp(policy, q.promptIds(), q.responseIds()) - logp(reference, q.promptIds(), q.responseIds()));
            assertThat(got[i]).as("query " + i).isCloseTo(want, Offset.offset(1e-4));
        }
        assertThat(Math.abs(got[0])).as("the two models differ").isGreaterThan(0.01);
        assertThat(got[3]).as("an empty response has log-ratio 0").isEqualTo(0.0);
    }

    @Test
    void theSpecNeedsThePolicyAndRejectsTextOnlyQueries() {
        assertThatThrownBy(() -> RewardSources.parse("implicit", RewardContext.on(Device.cpu())))
                .hasMessageContaining("needs the policy and reference");
        RewardSource r = RewardSources.parse("implicit", RewardContext.on(Device.cpu()).withPolicy(policy, reference, BETA));
        assertThat(r.describe()).contains("beta = 0.5");
        assertThatThrownBy(() -> r.score(List.of(RewardQuery.text("p", "r"))))
                .hasMessageContaining("query 0 has no prompt token ids");
        assertThatThrownBy(() -> r.score(List.of(new RewardQuery("p", "r", new int[] {1}, new int[] {50}))))
                .hasMessageContaining("token id 50");
    }
}
