package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.Fixtures;
import ai.sail.io.Float16;
import ai.sail.io.GgmlType;
import ai.sail.io.GgufFile;
import ai.sail.tensor.StepScope;
import ai.sail.text.SentencePieceTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing a model as GGUF for llama.cpp, checked against the real stories260K file: its metadata and
 * tensors come back as they were, a Hugging Face model gets llama.cpp's rotary order back, and the
 * written file computes the same logits through Sail's own reader (F32 exactly, F16 exactly as the
 * F16-rounded weights do).
 */
class GgufCheckpointWriterTest {
    private static final long[] PROMPT = {1, 403, 407, 261, 378, 29, 491};

    @TempDir
    Path tmp;

    static Path stories() {
        return Fixtures.require("models/stories260K/stories260K.gguf");
    }

    static float[] logits(Decoder d, long... ids) {
        try (StepScope s = new StepScope()) {
            NDArray x = d.manager().create(ids, new Shape(1, ids.length));
            int[] valid = new int[ids.length];
            Arrays.fill(valid, 1);
            return d.logits(d.forward(x, new AttentionLayout(new int[][] {valid}, ids.length), null)).toFloatArray();
        }
    }

    @Test
    void anF32RoundTripOfStories260KGivesIdenticalWeightsAndLogits() throws Exception {
        Path out = tmp.resolve("policy.gguf");
        try (LanguageModel lm = ModelLoader.load(stories().toString(), Device.cpu())) {
            GgufCheckpointWriter.save(lm, out, GgmlType.F32);
            try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
                assertThat(back.config()).isEqualTo(lm.config());
                Map<String, float[]> want = lm.decoder().weights().toFloatArrays();
                Map<String, float[]> got = back.decoder().weights().toFloatArrays();
                assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
                want.forEach((name, values) -> assertThat(got.get(name)).as(name).containsExactly(values));
                assertThat(logits(back.decoder(), PROMPT)).containsExactly(logits(lm.decoder(), PROMPT));
            }
        }
        // Tensor by tensor, the file holds what llama.cpp's converter wrote: same names, shapes, values.
        try (GgufFile source = GgufFile.open(stories()); GgufFile written = GgufFile.open(out)) {
            assertThat(written.names()).containsExactlyInAnyOrderElementsOf(source.names());
            for (String name : source.names()) {
                assertThat(written.shape(name)).as(name).containsExactly(source.shape(name));
                assertThat(written.dtypeName(name)).as(name).isEqualTo("F32");
                assertThat(written.readFloats(name)).as(name).containsExactly(source.readFloats(name));
            }
        }
    }

    @Test
    void theMetadataThatMattersEqualsTheSourceFiles() throws Exception {
        Path out = tmp.resolve("policy.gguf");
        try (LanguageModel lm = ModelLoader.load(stories().toString(), Device.cpu())) {
            GgufCheckpointWriter.save(lm, out, GgmlType.F32);
        }
        try (GgufFile source = GgufFile.open(stories()); GgufFile written = GgufFile.open(out)) {
            for (String key : List.of("general.architecture", "llama.context_length", "llama.embedding_length",
                    "llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
                    "llama.block_count", "llama.rope.dimension_count", "llama.attention.layer_norm_rms_epsilon",
                    "tokenizer.ggml.model", "tokenizer.ggml.tokens", "tokenizer.ggml.scores",
                    "tokenizer.ggml.token_type", "tokenizer.ggml.unknown_token_id", "tokenizer.ggml.bos_token_id",
                    "tokenizer.ggml.eos_token_id")) {
                assertThat(written.metadata().get(key)).as(key).isEqualTo(source.metadata().get(key));
                assertThat(written.metadataType(key)).as(key).isEqualTo(source.metadataType(key));
            }
            // What the source leaves to llama.cpp's defaults is written out with those defaults.
            assertThat(written.getDouble("llama.rope.freq_base")).isEqualTo(10000.0);
            assertThat(written.getLong("llama.vocab_size")).isEqualTo(512);
            assertThat(written.findLong("tokenizer.ggml.padding_token_id")).isEmpty();
            assertThat(written.getBoolean("tokenizer.ggml.add_bos_token")).isTrue();
            assertThat(written.getBoolean("tokenizer.ggml.add_space_prefix")).isTrue();
        }
    }

    @Test
    void anF16FileHoldsTheWeightsRoundedToF16AndComputesWhatThoseWeightsCompute() throws Exception {
        Path out = tmp.resolve("policy-f16.gguf");
        try (LanguageModel lm = ModelLoader.load(stories().toString(), Device.cpu())) {
            GgufCheckpointWriter.save(lm, out, GgmlType.F16);
            Map<String, float[]> original = lm.decoder().weights().toFloatArrays();
            Map<String, float[]> rounded = new LinkedHashMap<>();
            for (WeightSpec spec : WeightSpec.forConfig(lm.config())) {
                float[] v = original.get(spec.name()).clone();
                if (spec.shape().length == 2) { // matrices and the embedding; norms stay F32
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Float16.toFloat(Float16.fromFloat(v[i]));
                    }
                }
                rounded.put(spec.name(), v);
            }
            try (GgufFile written = GgufFile.open(out)) {
                assertThat(written.dtypeName("blk.0.attn_q.weight")).isEqualTo("F16");
                assertThat(written.dtypeName("token_embd.weight")).isEqualTo("F16");
                assertThat(written.dtypeName("blk.0.attn_norm.weight")).isEqualTo("F32");
                assertThat(written.getLong("general.file_type")).isEqualTo(1);
            }
            try (NDManager m = lm.decoder().manager().newSubManager();
                    LanguageModel back = ModelLoader.load(out.toString(), Device.cpu());
                    Decoder reference = new Decoder(lm.config(), DecoderWeights.fromArrays(lm.config(), rounded, m), m)) {
                Map<String, float[]> got = back.decoder().weights().toFloatArrays();
                rounded.forEach((name, values) -> assertThat(got.get(name)).as(name).containsExactly(values));
                float[] want = logits(reference, PROMPT);
                assertThat(logits(back.decoder(), PROMPT)).containsExactly(want);
                float[] exact = logits(lm.decoder(), PROMPT);
                for (int i = 0; i < exact.length; i++) {
                    assertThat(want[i]).isCloseTo(exact[i], org.assertj.core.data.Offset.offset(0.05f));
                }
            }
        }
    }

    @Test
    void aHuggingFaceModelGetsLlamaCppsRotaryOrderBack() throws Exception {
        // stories260K through a Hugging Face checkpoint (rotary pairs half-split, q/k rows permuted)
        // and back to GGUF must give llama.cpp's converter's tensors bit for bit.
        Path hf = tmp.resolve("hf");
        Path out = tmp.resolve("from-hf.gguf");
        try (LanguageModel lm = ModelLoader.load(stories().toString(), Device.cpu())) {
            HfCheckpointWriter.save(lm, hf);
        }
        try (LanguageModel fromHf = ModelLoader.load(hf.toString(), Device.cpu())) {
            assertThat(fromHf.config().ropeStyle()).isEqualTo(RopeStyle.HALF_SPLIT);
            assertThat(fromHf.tokenizer()).isInstanceOf(SentencePieceTokenizer.class);
            GgufCheckpointWriter.save(fromHf, out, GgmlType.F32);
        }
        try (GgufFile source = GgufFile.open(stories()); GgufFile written = GgufFile.open(out)) {
            for (String name : source.names()) {
                assertThat(written.readFloats(name)).as(name).containsExactly(source.readFloats(name));
            }
            assertThat(written.getList("tokenizer.ggml.tokens")).isEqualTo(source.getList("tokenizer.ggml.tokens"));
        }
    }

    @Test
    void otherFamiliesAndTokenizersAreRefusedByName() throws Exception {
        ModelConfig gpt2 = TestModels.gpt2();
        try (GgufFile g = GgufFile.open(stories())) {
            SentencePieceTokenizer spm = SentencePieceTokenizer.fromGguf(g);
            assertThatThrownBy(() -> GgufCheckpointWriter.save(gpt2, DecoderTest.randomArrays(gpt2, 1), spm,
                    tmp.resolve("x.gguf"), GgmlType.F32))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gpt2").hasMessageContaining("llama architecture (Llama and Mistral");
            ModelConfig llama = TestModels.llama(RopeStyle.ADJACENT);
            assertThatThrownBy(() -> GgufCheckpointWriter.save(llama, DecoderTest.randomArrays(llama, 1), spm,
                    tmp.resolve("x.gguf"), GgmlType.Q8_0))
                    .hasMessageContaining("Q8_0").hasMessageContaining("F32 or F16");
        }
        try (GgufFile g = GgufFile.open(stories())) {
            ModelConfig llama = TestModels.llama(RopeStyle.ADJACENT); // 50 tokens; the vocabulary has 512
            assertThatThrownBy(() -> GgufCheckpointWriter.save(llama, DecoderTest.randomArrays(llama, 1),
                    SentencePieceTokenizer.fromGguf(g), tmp.resolve("x.gguf"), GgmlType.F32))
                    .hasMessageContaining("512 tokens").hasMessageContaining("50 rows");
        }
        assertThat(tmp.resolve("x.gguf")).doesNotExist();
    }
}
