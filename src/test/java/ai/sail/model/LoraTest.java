package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LoRA on the fused projections, each check against something that does not run the adapter code:
 * the double-precision loop decoder on weights merged here by hand, or the plain decoder.
 */
class LoraTest {
    static final int[] PROMPT = {1, 4, 9};
    static final int[] RESPONSE = {7, 3, 12, 2};
    static final int[] SEQ = {1, 4, 9, 7, 3, 12, 2};
    static final LoraSettings ALL = new LoraSettings(2, 3, 0, List.of(LoraSettings.ALL_LINEAR), false);

    @TempDir
    Path dir;

    static Stream<ModelConfig> configs() {
        return TestModels.all().stream();
    }

    /** Random A and B (B not zero, so every path of the gradient is exercised), keyed by parameter name. */
    static Map<String, float[]> randomAdapters(ModelConfig c, LoraSettings s, long seed) {
        Random rng = new Random(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (LoraAdapters.Module m : LoraAdapters.targeted(c, s)) {
            for (String which : List.of("A", "B")) {
                float[] v = new float[Math.toIntExact(which.equals("A") ? s.r() * m.in() : m.rows() * s.r())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.2f * (float) rng.nextGaussian();
                }
                out.put(m.sailName() + ".lora_" + which, v);
            }
        }
        return out;
    }

    /** W + scaling * B A on each module's rows, written out here rather than taken from LoraAdapters. */
    static Map<String, float[]> mergeByHand(ModelConfig c, Map<String, float[]> base, Map<String, float[]> lora,
            LoraSettings s) {
        Map<String, float[]> out = new LinkedHashMap<>();
        base.forEach((k, v) -> out.put(k, v.clone()));
        double scaling = s.scaling();
        for (LoraAdapters.Module m : LoraAdapters.targeted(c, s)) {
            float[] w = out.get("layers." + m.layer() + "." + m.slot().sailName());
            float[] a = lora.get(m.sailName() + ".lora_A");
            float[] b = lora.get(m.sailName() + ".lora_B");
            int in = (int) m.in();
            for (int o = 0; o < m.rows(); o++) {
                for (int col = 0; col < in; col++) {
                    double sum = 0;
                    for (int k = 0; k < s.r(); k++) {
                        sum += (double) b[o * s.r() + k] * a[k * in + col];
                    }
                    int at = (int) ((m.rowStart() + o) * in + col);
                    w[at] = (float) (w[at] + scaling * sum);
                }
            }
        }
        return out;
    }

    static Decoder adapted(ModelConfig c, Map<String, float[]> base, Map<String, float[]> lora, LoraSettings s,
            NDManager m) {
        Decoder d = new Decoder(c, DecoderWeights.fromArrays(c, base, m), m);
        d.weights().attach(LoraAdapters.fromArrays(c, s, lora, m));
        return d;
    }

    static double[] logProbs(Decoder d) {
        return new ResponseScorer(d).sequenceLogProbs(List.of(PROMPT, new int[] {5}), List.of(RESPONSE, new int[] {8, 9, 2}), 2);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void adapterGradientsMatchFiniteDifferencesThroughTheWholeDecoderEvenAfterAGc(ModelConfig c) {
        LoraSettings s = new LoraSettings(2, 3, 0, List.of(LoraSettings.ALL_LINEAR), false);
        Map<String, float[]> base = DecoderTest.randomArrays(c, 21);
        Map<String, float[]> lora = randomAdapters(c, s, 5);
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); Decoder dec = adapted(c, base, lora, s, m)) {
            dec.weights().requireGradients(true);
            try (StepScope scope = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                NDArray logp = new ResponseScorer(dec).score(
                        ScoringBatch.promptAndResponse(List.of(PROMPT), List.of(RESPONSE)), m).sequence().sum();
                ai.sail.GcPressure.apply();
                g.backward(logp);
            }
            assertThat(dec.weights().all().values()).allSatisfy(w -> assertThat(w.hasGradient()).isFalse());
            Map<String, NDArray> params = dec.weights().trainable();
            List<String> names = new ArrayList<>(params.keySet());
            // First module of the first layer, a middle one and the last (the MLP output) of the last layer.
            for (String name : List.of(names.get(0), names.get(1), names.get(names.size() / 2),
                    names.get(names.size() / 2 + 1), names.get(names.size() - 2), names.get(names.size() - 1))) {
                float[] grad = params.get(name).getGradient().toFloatArray();
                float[] v = lora.get(name);
                for (int index : new int[] {0, 3, v.length / 2 + 1, v.length - 1}) {
                    float saved = v[index];
                    double h = 1e-3;
                    v[index] = (float) (saved + h);
                    double up = ScoringGradientTest.referenceLogProb(c, mergeByHand(c, base, lora, s), SEQ, PROMPT.length);
                    v[index] = (float) (saved - h);
                    double down = ScoringGradientTest.referenceLogProb(c, mergeByHand(c, base, lora, s), SEQ, PROMPT.length);
                    v[index] = saved;
                    double fd = (up - down) / (2 * h);
                    assertThat((double) grad[index]).as("%s %s[%d]", c.architecture(), name, index)
                            .isCloseTo(fd, Offset.offset(1e-3 + 1e-3 * Math.abs(fd)));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void theAdaptedForwardEqualsTheMergedModelsForward(ModelConfig c) {
        for (LoraSettings s : List.of(ALL, new LoraSettings(3, 16, 0, List.of(), true),
                new LoraSettings(1, 8, 0, List.of(c.architecture() == Architecture.GPT2 ? "c_proj" : "k_proj"), false))) {
            Map<String, float[]> base = DecoderTest.randomArrays(c, 7);
            Map<String, float[]> lora = randomAdapters(c, s, 9);
            try (NDManager m = TorchRuntime.newManager(Device.cpu());
                    Decoder dec = adapted(c, base, lora, s, m);
                    Decoder merged = new Decoder(c, DecoderWeights.fromArrays(c, mergeByHand(c, base, lora, s), m), m);
                    StepScope scope = new StepScope()) {
                NDArray ids = m.create(java.util.Arrays.stream(SEQ).asLongStream().toArray(), new Shape(1, SEQ.length));
                AttentionLayout layout = new AttentionLayout(new int[][] {{1, 1, 1, 1, 1, 1, 1}}, SEQ.length);
                float[] got = dec.logits(dec.forward(ids, layout, null)).toFloatArray();
                float[] want = merged.logits(merged.forward(ids, layout, null)).toFloatArray();
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i]).as("%s %s logit %d", c.architecture(), s, i).isCloseTo(want[i], Offset.offset(1e-5f));
                }
                // The adapters changed the model (the check above is not vacuous).
                try (Decoder plain = new Decoder(c, DecoderWeights.fromArrays(c, base, m), m)) {
                    assertThat(logProbs(plain)).isNotEqualTo(logProbs(dec));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void theReferenceIsTheBaseModelExactlyAndNewAdaptersStartThere(ModelConfig c) {
        Map<String, float[]> base = DecoderTest.randomArrays(c, 3);
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder plain = new Decoder(c, DecoderWeights.fromArrays(c, base, m), m);
                Decoder trained = adapted(c, base, randomAdapters(c, ALL, 4), ALL, m);
                Decoder fresh = new Decoder(c, DecoderWeights.fromArrays(c, base, m), m)) {
            double[] want = logProbs(plain);
            Decoder reference = trained.withoutAdapters();
            assertThat(logProbs(reference)).containsExactly(want);
            assertThat(reference.weights().all().get("layers.0.qkv.weight"))
                    .isSameAs(trained.weights().all().get("layers.0.qkv.weight"));
            fresh.weights().attach(LoraAdapters.initialise(c, ALL, m, 11));
            assertThat(logProbs(fresh)).containsExactly(want); // B = 0 at step 0
            reference.close(); // a view: the policy's arrays stay usable
            assertThat(logProbs(trained.withoutAdapters())).containsExactly(want);
        }
    }

    @Test
    void newAdaptersAreInitialisedAsPeftDoes() {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT);
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                LoraAdapters a = LoraAdapters.initialise(c, new LoraSettings(8, 16, 0, List.of(), false), m, 1)) {
            assertThat(a.parameters().keySet()).startsWith("layers.0.qkv.q_proj.lora_A", "layers.0.qkv.q_proj.lora_B",
                    "layers.0.qkv.v_proj.lora_A", "layers.0.qkv.v_proj.lora_B", "layers.1.qkv.q_proj.lora_A");
            float[] av = a.parameters().get("layers.0.qkv.q_proj.lora_A").toFloatArray();
            double bound = 1 / Math.sqrt(c.hiddenSize());
            for (float v : av) {
                assertThat((double) Math.abs(v)).isLessThanOrEqualTo(bound);
            }
            assertThat(java.util.stream.IntStream.range(0, av.length).mapToDouble(i -> av[i] * av[i]).average().orElseThrow())
                    .as("variance of U(-b, b) is b^2 / 3").isCloseTo(bound * bound / 3, Offset.offset(bound * bound / 3 * 0.2));
            assertThat(a.parameters().get("layers.1.qkv.v_proj.lora_B").toFloatArray()).containsOnly(0f);
            assertThat(a.settings().scaling()).isEqualTo(2.0);
            assertThat(new LoraSettings(4, 16, 0, List.of(), true).scaling()).isEqualTo(8.0);
        }
        assertThatThrownBy(() -> LoraAdapters.targeted(TestModels.gpt2(), new LoraSettings(2, 4, 0, List.of("q_proj"), false)))
                .hasMessageContaining("no module 'q_proj' in a gpt2 model; its modules are c_attn, c_proj, c_fc");
    }

    @ParameterizedTest
    @MethodSource("configs")
    void anAdapterWrittenThenReadGivesIdenticalLogProbabilities(ModelConfig c) throws Exception {
        Map<String, float[]> base = DecoderTest.randomArrays(c, 13);
        Map<String, float[]> lora = randomAdapters(c, ALL, 14);
        Path out = dir.resolve("adapter");
        try (NDManager m = TorchRuntime.newManager(Device.cpu());
                Decoder dec = adapted(c, base, lora, ALL, m);
                Decoder back = new Decoder(c, DecoderWeights.fromArrays(c, base, m), m)) {
            LoraCheckpoint.save(dec.weights().adapters().orElseThrow(), "base", out);
            back.weights().attach(LoraCheckpoint.read(out, c, m));
            assertThat(logProbs(back)).containsExactly(logProbs(dec));
            if (c.ropeStyle() == RopeStyle.ADJACENT) {
                // The file is in Hugging Face order: it fits the same model saved as a Hugging Face
                // checkpoint (q/k rows permuted), read with no permutation at all.
                ModelConfig hf = c.withRopeStyle(RopeStyle.HALF_SPLIT);
                try (Decoder hfModel = new Decoder(hf, DecoderWeights.fromArrays(hf,
                        RopePermutation.adjacentToHalfSplit(c, base), m), m)) {
                    hfModel.weights().attach(LoraCheckpoint.read(out, hf, m));
                    double[] want = logProbs(dec);
                    double[] got = logProbs(hfModel);
                    for (int i = 0; i < want.length; i++) {
                        assertThat(got[i]).isCloseTo(want[i], Offset.offset(1e-4));
                    }
                }
            }
        }
    }

    @Test
    void llamaAdapterFilesAreNamedAsPeftNamesThem() throws Exception {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT);
        LoraSettings s = new LoraSettings(4, 8, 0.05, List.of("q_proj", "v_proj", "up_proj"), false);
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); LoraAdapters a = LoraAdapters.initialise(c, s, m, 1)) {
            assertThat(LoraCheckpoint.tensors(a).keySet()).containsExactly(
                    "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                    "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight",
                    "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight",
                    "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight",
                    "base_model.model.model.layers.0.mlp.up_proj.lora_A.weight",
                    "base_model.model.model.layers.0.mlp.up_proj.lora_B.weight",
                    "base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight",
                    "base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight",
                    "base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight",
                    "base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight",
                    "base_model.model.model.layers.1.mlp.up_proj.lora_A.weight",
                    "base_model.model.model.layers.1.mlp.up_proj.lora_B.weight");
            assertThat(LoraCheckpoint.tensors(a).get("base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight").shape())
                    .containsExactly(16, 4); // 2 kv heads of 8
            assertThat(LoraCheckpoint.tensors(a).get("base_model.model.model.layers.0.mlp.up_proj.lora_A.weight").shape())
                    .containsExactly(4, 32);
            LoraCheckpoint.save(a, "org/tiny-llama", dir.resolve("llama"));
            assertThat(java.nio.file.Files.readString(dir.resolve("llama/adapter_config.json"))).isEqualTo("""
                    {
                      "alpha_pattern": {},
                      "base_model_name_or_path": "org/tiny-llama",
                      "bias": "none",
                      "fan_in_fan_out": false,
                      "inference_mode": true,
                      "init_lora_weights": true,
                      "layers_pattern": null,
                      "layers_to_transform": null,
                      "lora_alpha": 8,
                      "lora_dropout": 0.05,
                      "modules_to_save": null,
                      "peft_type": "LORA",
                      "r": 4,
                      "rank_pattern": {},
                      "revision": null,
                      "target_modules": [
                        "q_proj",
                        "up_proj",
                        "v_proj"
                      ],
                      "task_type": "CAUSAL_LM",
                      "use_dora": false,
                      "use_rslora": false
                    }
                    """);
            assertThat(LoraCheckpoint.readSettings(dir.resolve("llama"))).isEqualTo(
                    new LoraSettings(4, 8, 0.05, List.of("q_proj", "up_proj", "v_proj"), false));
        }
    }

    @Test
    void gpt2AdapterFilesAreNamedAsPeftNamesThem() throws Exception {
        ModelConfig c = TestModels.gpt2();
        LoraSettings s = new LoraSettings(2, 16, 0, List.of("c_attn", "c_proj"), true);
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); LoraAdapters a = LoraAdapters.initialise(c, s, m, 1)) {
            // c_proj names both the attention output and the MLP output, as in PEFT.
            assertThat(LoraCheckpoint.tensors(a).keySet()).containsExactly(
                    "base_model.model.transformer.h.0.attn.c_attn.lora_A.weight",
                    "base_model.model.transformer.h.0.attn.c_attn.lora_B.weight",
                    "base_model.model.transformer.h.0.attn.c_proj.lora_A.weight",
                    "base_model.model.transformer.h.0.attn.c_proj.lora_B.weight",
                    "base_model.model.transformer.h.0.mlp.c_proj.lora_A.weight",
                    "base_model.model.transformer.h.0.mlp.c_proj.lora_B.weight",
                    "base_model.model.transformer.h.1.attn.c_attn.lora_A.weight",
                    "base_model.model.transformer.h.1.attn.c_attn.lora_B.weight",
                    "base_model.model.transformer.h.1.attn.c_proj.lora_A.weight",
                    "base_model.model.transformer.h.1.attn.c_proj.lora_B.weight",
                    "base_model.model.transformer.h.1.mlp.c_proj.lora_A.weight",
                    "base_model.model.transformer.h.1.mlp.c_proj.lora_B.weight");
            // Conv1D or not, PEFT's A is [r, in] and B [out, r].
            assertThat(LoraCheckpoint.tensors(a).get("base_model.model.transformer.h.0.attn.c_attn.lora_B.weight").shape())
                    .containsExactly(96, 2);
            assertThat(LoraCheckpoint.tensors(a).get("base_model.model.transformer.h.0.mlp.c_proj.lora_A.weight").shape())
                    .containsExactly(2, 64);
            LoraCheckpoint.save(a, "tiny-random-gpt2", dir.resolve("gpt2"));
            assertThat(java.nio.file.Files.readString(dir.resolve("gpt2/adapter_config.json"))).isEqualTo("""
                    {
                      "alpha_pattern": {},
                      "base_model_name_or_path": "tiny-random-gpt2",
                      "bias": "none",
                      "fan_in_fan_out": true,
                      "inference_mode": true,
                      "init_lora_weights": true,
                      "layers_pattern": null,
                      "layers_to_transform": null,
                      "lora_alpha": 16,
                      "lora_dropout": 0.0,
                      "modules_to_save": null,
                      "peft_type": "LORA",
                      "r": 2,
                      "rank_pattern": {},
                      "revision": null,
                      "target_modules": [
                        "c_attn",
                        "c_proj"
                      ],
                      "task_type": "CAUSAL_LM",
                      "use_dora": false,
                      "use_rslora": true
                    }
                    """);
        }
    }
}
