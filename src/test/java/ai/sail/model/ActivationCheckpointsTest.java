package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRandom;
import ai.sail.tensor.TorchRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checkpointing changes what is kept, not what is computed: every trainable tensor's
 * gradient equals the one a whole recorded pass gives, for full fine-tuning and LoRA, on every
 * family, with a GC forced between forward and backward.
 */
class ActivationCheckpointsTest {
    static final List<int[]> PROMPTS = List.of(new int[] {1, 4, 9}, new int[] {1, 6}, new int[] {1, 4, 9}, new int[] {1, 6});
    static final List<int[]> RESPONSES = List.of(new int[] {7, 3, 12, 2}, new int[] {8, 9, 2}, new int[] {5, 5},
            new int[] {11, 30, 4, 2, 7});

    static Stream<ModelConfig> configs() {
        return TestModels.all().stream();
    }

    /**
     * A loss that is not linear in the log-probabilities, so the gradient reaching the blocks depends
     * on the forward's values: DPO's {@code -log sigmoid(s0 - s1 + s2 - s3)} plus a square.
     */
    static NDArray loss(NDArray sequence) {
        NDArray h = sequence.get(0).sub(sequence.get(1)).add(sequence.get(2)).sub(sequence.get(3));
        NDArray logSigmoid = h.getNDArrayInternal().sigmoid().log();
        return logSigmoid.neg().add(sequence.square().mean());
    }

    /** Gradients of {@link #loss} through {@code forward}, by trainable name; the gradients are then zeroed. */
    static Map<String, float[]> gradients(Decoder dec, Function<Decoder, ForwardPass> forward) {
        try (StepScope scope = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector();
                ForwardPass pass = forward.apply(dec)) {
            try (StepScope head = StepScope.part()) {
                NDArray sequence = new ResponseScorer(dec, pass)
                        .score(ScoringBatch.promptAndResponse(PROMPTS, RESPONSES), dec.manager()).sequence();
                ai.sail.GcPressure.apply();
                g.backward(loss(sequence));
            }
            ai.sail.GcPressure.apply();
            pass.backwardRest(g);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        dec.weights().trainable().forEach((name, w) -> {
            try (NDArray grad = w.getGradient()) {
                out.put(name, grad.toFloatArray());
            }
        });
        ai.sail.tensor.GradientNorm.zero(dec.weights().trainable().values());
        return out;
    }

    static void assertSameGradients(Map<String, float[]> actual, Map<String, float[]> expected, String what) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, e) -> {
            float[] a = actual.get(name);
            double scale = 0;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).as("%s %s has a gradient", what, name).isPositive();
            for (int i = 0; i < e.length; i++) {
                assertThat((double) a[i]).as("%s %s[%d]", what, name, i)
                        .isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-9));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("configs")
    void fullFineTuningGradientsEqualAWholePass(ModelConfig c) {
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder dec = new Decoder(c, DecoderWeights.fromArrays(c, DecoderTest.randomArrays(c, 21), m), m)) {
            dec.weights().requireGradients(true);
            Map<String, float[]> whole = gradients(dec, ForwardPass::whole);
            Map<String, float[]> checkpointed = gradients(dec, ActivationCheckpoints::new);
            assertSameGradients(checkpointed, whole, c.architecture() + " full");
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void loraGradientsEqualAWholePassAndTheBaseGetsNone(ModelConfig c) {
        LoraSettings s = LoraTest.ALL;
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder dec = LoraTest.adapted(c, DecoderTest.randomArrays(c, 21), LoraTest.randomAdapters(c, s, 5), s, m)) {
            dec.weights().requireGradients(true);
            Map<String, float[]> whole = gradients(dec, ForwardPass::whole);
            Map<String, float[]> checkpointed = gradients(dec, ActivationCheckpoints::new);
            assertSameGradients(checkpointed, whole, c.architecture() + " lora");
            assertThat(dec.weights().all().values()).allSatisfy(w -> assertThat(w.hasGradient()).isFalse());
        }
    }

    /**
     * With LoRA dropout the recomputed blocks must draw the first run's masks. The reference is a
     * whole recorded pass that reseeds before each block as the checkpointed pass does (same seed
     * drawn from the same generator state): equal gradients mean every recomputed mask equals the
     * mask the forward used. A run with other masks must differ, or the check would prove nothing.
     */
    @Test
    void loraDropoutMasksAreReplayedInTheRecomputation() {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT);
        LoraSettings s = new LoraSettings(2, 3, 0.3, List.of(LoraSettings.ALL_LINEAR), false);
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder dec = LoraTest.adapted(c, DecoderTest.randomArrays(c, 21), LoraTest.randomAdapters(c, s, 5), s, m)) {
            dec.weights().requireGradients(true);
            dec.weights().adapters().orElseThrow().training(true);
            TorchRandom.seed(99);
            Map<String, float[]> checkpointed = gradients(dec, ActivationCheckpoints::new);
            TorchRandom.seed(99);
            Map<String, float[]> replayed = gradients(dec, d -> new ReseedingWholePass(d));
            assertSameGradients(checkpointed, replayed, "dropout");
            TorchRandom.seed(7);
            Map<String, float[]> otherMasks = gradients(dec, ActivationCheckpoints::new);
            String first = checkpointed.keySet().iterator().next();
            assertThat(otherMasks.get(first)).isNotEqualTo(checkpointed.get(first));
        }
    }

    /** The decoder's pieces run in one recorded pass, reseeding per block with the checkpointed pass's seeds. */
    private record ReseedingWholePass(Decoder decoder) implements ForwardPass {
        @Override
        public NDArray hidden(NDArray ids, AttentionLayout layout) {
            long seed = TorchRandom.drawSeed(decoder.manager());
            Decoder.Pass pass = decoder.pass(ids, layout);
            NDArray x = decoder.embed(ids, pass);
            for (int l = 0; l < decoder.config().layers(); l++) {
                TorchRandom.seed(seed + l);
                x = decoder.block(l, x, pass, null);
            }
            return decoder.finalNorm(x);
        }
    }
}
