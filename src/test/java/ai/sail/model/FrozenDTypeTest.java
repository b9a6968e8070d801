package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.sail.io.BFloat16;
import ai.sail.io.Float16;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frozen weights held 16-bit: the model must compute exactly what it computes with the same values
 * widened to float32 up front, since widening is exact and the float32 products are the same.
 */
class FrozenDTypeTest {
    static final LoraSettings ALL = new LoraSettings(2, 3, 0, List.of(LoraSettings.ALL_LINEAR), false);

    static Stream<Arguments> cases() {
        return TestModels.all().stream().flatMap(c -> Stream.of(Arguments.of(c, FrozenDType.F16), Arguments.of(c, FrozenDType.BF16)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void narrowWeightsHoldTheRoundedValuesAndGiveTheSameLogProbsAndAdapterGradients(ModelConfig c, FrozenDType type) {
        Map<String, float[]> lora = LoraTest.randomAdapters(c, ALL, 5);
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder narrow = new Decoder(c, DecoderWeights.random(c, m, 3, type), m)) {
            Map<String, float[]> widened = narrow.weights().toFloatArrays();
            assertHeldNarrowAndRoundedInJava(c, narrow.weights(), type, m);
            try (Decoder wide = new Decoder(c, DecoderWeights.fromArrays(c, widened, m), m)) {
                assertThat(narrow.weights().frozenDType()).isEqualTo(type);
                assertThat(LoraTest.logProbs(narrow)).containsExactly(LoraTest.logProbs(wide));

                narrow.weights().attach(LoraAdapters.fromArrays(c, ALL, lora, m));
                wide.weights().attach(LoraAdapters.fromArrays(c, ALL, lora, m));
                assertThat(LoraTest.logProbs(narrow)).containsExactly(LoraTest.logProbs(wide));
                Map<String, float[]> narrowGrads = adapterGradients(narrow, m);
                Map<String, float[]> wideGrads = adapterGradients(wide, m);
                assertThat(narrowGrads.keySet()).containsExactlyElementsOf(wideGrads.keySet());
                narrowGrads.forEach((name, g) -> assertThat(g).as(name).containsExactly(wideGrads.get(name)));
            }
        }
    }

    /** The matrices and embedding are 16-bit on the device, holding what Java's own rounding gives. */
    private static void assertHeldNarrowAndRoundedInJava(ModelConfig c, DecoderWeights w, FrozenDType type, NDManager m) {
        Map<String, float[]> fp32;
        try (DecoderWeights full = DecoderWeights.random(c, m, 3)) {
            fp32 = full.toFloatArrays();
        }
        Map<String, float[]> held = w.toFloatArrays();
        for (WeightSpec spec : WeightSpec.forConfig(c)) {
            boolean narrow = spec.slot().kind == WeightSpec.Kind.MATRIX || spec.slot() == WeightSpec.Slot.EMBED;
            NDArray a = w.all().get(spec.name());
            assertThat(a.getDataType()).as(spec.name())
                    .isEqualTo(!narrow ? DataType.FLOAT32 : type == FrozenDType.F16 ? DataType.FLOAT16 : DataType.UINT8);
            float[] original = fp32.get(spec.name());
            float[] expected = original.clone();
            if (narrow) {
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = type == FrozenDType.F16 ? Float16.toFloat(Float16.fromFloat(original[i]))
                            : BFloat16.toFloat(BFloat16.fromFloat(original[i]));
                }
            }
            assertThat(held.get(spec.name())).as(spec.name()).containsExactly(expected);
        }
    }

    private static Map<String, float[]> adapterGradients(Decoder d, NDManager m) {
        d.weights().requireGradients(true);
        try (StepScope scope = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
            NDArray logp = new ResponseScorer(d).score(
                    ScoringBatch.promptAndResponse(List.of(LoraTest.PROMPT), List.of(LoraTest.RESPONSE)), m).sequence().sum();
            ai.sail.GcPressure.apply(); // the wide copies were released in the forward pass: backward must not need them
            g.backward(logp);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        d.weights().trainable().forEach((name, a) -> out.put(name, a.getGradient().toFloatArray()));
        d.weights().requireGradients(false);
        return out;
    }

    @Test
    void aLargeBf16TensorWidensInChunksToJavasValues() {
        float[] values = new float[7 * 299_605]; // more than two widening chunks of 2^20, the last one short
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((rng.nextDouble() - 0.5) * Math.pow(2, rng.nextInt(-30, 30)));
        }
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); FrozenStorage storage = new FrozenStorage(FrozenDType.BF16, m);
                NDArray held = storage.store(values, new ai.djl.ndarray.types.Shape(values.length / 7, 7), m)) {
            float[] back = storage.toFloats(held);
            for (int i = 0; i < values.length; i++) {
                if (back[i] != BFloat16.toFloat(BFloat16.fromFloat(values[i]))) {
                    throw new AssertionError("value " + i + ": " + back[i] + " for " + values[i]);
                }
            }
        }
    }

    @Test
    void narrowWeightsWithoutAdaptersRefuseToBeTrained() {
        ModelConfig c = TestModels.qwen2();
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                DecoderWeights w = DecoderWeights.random(c, m, 1, FrozenDType.F16)) {
            assertThatThrownBy(w::trainable).hasMessageContaining("frozen").hasMessageContaining("LoRA");
        }
    }

    @Test
    void autoTakesTheCheckpointsSole16BitTypeAndNeverRoundsWiderTensors() {
        assertThat(FrozenDType.AUTO.resolve(Map.of("BF16", 290))).isEqualTo(FrozenDType.BF16);
        assertThat(FrozenDType.AUTO.resolve(Map.of("F16", 12))).isEqualTo(FrozenDType.F16);
        assertThat(FrozenDType.AUTO.resolve(Map.of("F16", 12, "F32", 3))).isEqualTo(FrozenDType.FP32);
        assertThat(FrozenDType.AUTO.resolve(Map.of("F16", 12, "BF16", 3))).isEqualTo(FrozenDType.FP32);
        assertThat(FrozenDType.AUTO.resolve(Map.of())).isEqualTo(FrozenDType.FP32);
        assertThat(FrozenDType.F16.resolve(Map.of("F32", 3))).isEqualTo(FrozenDType.F16);
    }
}
