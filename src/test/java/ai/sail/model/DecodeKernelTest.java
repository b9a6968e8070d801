package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.Fixtures;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java decode kernel against {@link Decoder#forward}, the source of truth: for every family (both
 * rotary styles, q/k/v biases with grouped-query attention, GPT-2), with LoRA adapters, and on the real
 * stories260K checkpoint. Each row's reference is the decoder run on that row alone over its whole
 * sequence without a cache; the kernel is fed a left-padded batch, the prompts at once and then one token
 * per step, and drops a finished row on the way.
 */
class DecodeKernelTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = TorchRuntime.newManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Stream<ModelConfig> configs() {
        return TestModels.all().stream();
    }

    /**
     * Random weights far from the defaults: matrices N(0, 0.25), biases N(0, 0.1) (the default is zero,
     * which would hide a bias applied twice or not at all) and norm gains around 1.
     */
    static Map<String, float[]> randomWeights(ModelConfig c, long seed) {
        Random rng = new Random(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (WeightSpec spec : WeightSpec.forConfig(c)) {
            float[] v = new float[Math.toIntExact(spec.elements())];
            for (int i = 0; i < v.length; i++) {
                double g = rng.nextGaussian();
                v[i] = (float) switch (spec.slot().kind) {
                    case TABLE, MATRIX -> 0.25 * g;
                    case BIAS -> 0.1 * g;
                    case NORM_GAIN -> 1 + 0.2 * g;
                };
            }
            out.put(spec.name(), v);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void logProbsEqualTheDecodersForEveryFamily(ModelConfig c) {
        try (Decoder d = new Decoder(c, DecoderWeights.fromArrays(c, randomWeights(c, 3), manager), manager)) {
            compareStepByStep(d, 3e-4f);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void adaptersAreFoldedIntoTheSnapshot(ModelConfig c) {
        LoraSettings lora = new LoraSettings(2, 4, 0.1, List.of(LoraSettings.ALL_LINEAR), false);
        try (Decoder d = LoraTest.adapted(c, randomWeights(c, 4), LoraTest.randomAdapters(c, lora, 5), lora, manager)) {
            compareStepByStep(d, 3e-4f);
        }
    }

    @Test
    void stories260KGivesTheDecodersLogProbs() {
        String path = Fixtures.require("models/stories260K/stories260K.gguf").toString();
        try (LanguageModel lm = ModelLoader.load(path, Device.cpu())) {
            compareStepByStep(lm.decoder(), 1e-4f);
        }
    }

    @Test
    void theKernelRefusesLoraDropoutWhileTraining() {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT);
        LoraSettings lora = new LoraSettings(2, 4, 0.1, List.of(LoraSettings.ALL_LINEAR), false);
        try (Decoder d = LoraTest.adapted(c, randomWeights(c, 4), LoraTest.randomAdapters(c, lora, 5), lora, manager)) {
            assertThat(DecodeKernel.refusal(d)).isEmpty();
            d.weights().adapters().orElseThrow().training(true);
            assertThat(DecodeKernel.refusal(d)).hasValueSatisfying(why -> assertThat(why).contains("dropout"));
            assertThatThrownBy(() -> DecodeKernel.open(d, 1, 8)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dropout");
        }
    }

    @Test
    void aSnapshotDoesNotFollowLaterChangesToTheWeights() {
        ModelConfig c = TestModels.llama(RopeStyle.ADJACENT);
        try (Decoder d = new Decoder(c, DecoderWeights.fromArrays(c, randomWeights(c, 6), manager), manager)) {
            int[] prompt = {1, 7, 4};
            DecodeKernel before = DecodeKernel.open(d, 1, 8);
            float[] expected = decoderLogProbs(d, prompt)[2];
            d.weights().all().get("lm_head.weight").muli(2); // in place, as an optimizer step writes
            float[] got = before.nextLogProbs(ids(prompt), new AttentionLayout(new int[][] {{1, 1, 1}}, 3));
            assertClose(got, 0, expected, 1e-4f, "snapshot taken before the change");
            float[] after = DecodeKernel.open(d, 1, 8)
                    .nextLogProbs(ids(prompt), new AttentionLayout(new int[][] {{1, 1, 1}}, 3));
            assertClose(after, 0, decoderLogProbs(d, prompt)[2], 1e-4f, "snapshot taken after the change");
        }
    }

    /**
     * Log-probabilities must agree to float rounding (a wrong switch, angle or mask is off by far more).
     * Three rows of different lengths, left-padded to the longest: the prompts in one call, then six
     * tokens one step at a time; after the second step the first row is dropped and the others swap.
     */
    static void compareStepByStep(Decoder d, float tolerance) {
        int v = d.config().vocabSize();
        Random rng = new Random(11);
        int[] lengths = {5, 2, 7};
        int steps = 6;
        List<int[]> sequences = new ArrayList<>();
        for (int len : lengths) {
            int[] s = new int[len + steps];
            Arrays.setAll(s, i -> 1 + rng.nextInt(v - 1));
            sequences.add(s);
        }
        List<float[][]> reference = sequences.stream().map(s -> decoderLogProbs(d, s)).toList();
        int promptLength = Arrays.stream(lengths).max().orElseThrow();
        int[] active = {0, 1, 2};
        int[][] valid = new int[3][promptLength + steps];
        long[] ids = new long[3 * promptLength];
        for (int r = 0; r < 3; r++) {
            int pad = promptLength - lengths[r];
            for (int j = 0; j < promptLength; j++) {
                valid[r][j] = j < pad ? 0 : 1;
                ids[r * promptLength + j] = j < pad ? 0 : sequences.get(r)[j - pad];
            }
        }
        try (DecodeKernel kernel = DecodeKernel.open(d, 3, promptLength + steps)) {
            int queries = promptLength;
            for (int step = 0; step <= steps; step++) {
                int keys = promptLength + step;
                int[][] rows = new int[active.length][];
                for (int a = 0; a < active.length; a++) {
                    rows[a] = Arrays.copyOf(valid[active[a]], keys);
                }
                float[] got = kernel.nextLogProbs(ids, new AttentionLayout(rows, queries));
                for (int a = 0; a < active.length; a++) {
                    int r = active[a];
                    float[] expected = reference.get(r)[lengths[r] - 1 + step];
                    assertClose(got, a * v, expected, tolerance, "row " + r + " after step " + step);
                }
                if (step == steps) {
                    break;
                }
                if (step == 2) {
                    active = new int[] {2, 1};
                    kernel.keepRows(new long[] {2, 1});
                }
                ids = new long[active.length];
                for (int a = 0; a < active.length; a++) {
                    int r = active[a];
                    ids[a] = sequences.get(r)[lengths[r] + step];
                    valid[r][keys] = 1;
                }
                queries = 1;
            }
        }
    }

    /** Log-probabilities {@code [T][V]} of the decoder on one unpadded sequence, without a cache. */
    static float[][] decoderLogProbs(Decoder d, int[] sequence) {
        int t = sequence.length;
        int v = d.config().vocabSize();
        int[][] valid = new int[1][t];
        Arrays.fill(valid[0], 1);
        try (StepScope scope = new StepScope()) {
            NDArray idArray = manager.create(ids(sequence), new Shape(1, t));
            float[] flat = d.logits(d.forward(idArray, new AttentionLayout(valid, t), null)).logSoftmax(-1).toFloatArray();
            float[][] out = new float[t][];
            for (int i = 0; i < t; i++) {
                out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
            }
            return out;
        }
    }

    static long[] ids(int[] tokens) {
        return Arrays.stream(tokens).asLongStream().toArray();
    }

    static void assertClose(float[] got, int offset, float[] expected, float tolerance, String what) {
        float worst = 0;
        float min = Float.POSITIVE_INFINITY;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(got[offset + i] - expected[i]));
            min = Math.min(min, expected[i]);
        }
        assertThat(worst).as("largest log-probability difference, %s", what).isLessThanOrEqualTo(tolerance);
        // A near-uniform distribution would let a wrong kernel pass: the weights must make it peaked.
        assertThat(min).as("the distribution is not near uniform, %s", what).isLessThan((float) -Math.log(expected.length) - 1);
    }
}
