package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.Fixtures;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.Generator;
import ai.sail.generate.SamplingSettings;
import ai.sail.io.GgufFile;
import ai.sail.io.SafetensorsFile;
import ai.sail.tensor.StepScope;
import ai.sail.text.HfTokenizer;
import ai.sail.text.PieceType;
import ai.sail.text.SentencePieceTokenizer;
import ai.sail.text.TextTokenizer;
import ai.sail.text.TokenizerFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving as a Hugging Face checkpoint: the bytes the Python library writes for a real checkpoint, the
 * exact inverse of loading for every family, GGUF models converted to the Hugging Face rotary pairing
 * without changing what they generate, and a directory that is there whole or not at all.
 */
class HfCheckpointWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static float[] logits(LanguageModel lm, long... ids) {
        try (StepScope s = new StepScope()) {
            NDArray x = lm.decoder().manager().create(ids, new Shape(1, ids.length));
            int[] valid = new int[ids.length];
            Arrays.fill(valid, 1);
            return lm.decoder().logits(lm.decoder().forward(x, new AttentionLayout(new int[][] {valid}, ids.length), null))
                    .toFloatArray();
        }
    }

    /** Every tensor of {@code saved} equals the tensor of that name in {@code original}, and no tensor is missing. */
    private static void assertSameTensors(Path original, Path saved) throws IOException {
        try (SafetensorsFile a = SafetensorsFile.open(original); SafetensorsFile b = SafetensorsFile.open(saved)) {
            assertThat(b.names()).containsExactlyInAnyOrderElementsOf(a.names());
            for (String name : a.names()) {
                assertThat(b.shape(name)).as(name).containsExactly(a.shape(name));
                assertThat(b.readFloats(name)).as(name).containsExactly(a.readFloats(name));
            }
        }
    }

    @Test
    void theTinyGpt2CheckpointIsWrittenByteForByteAsThePythonLibraryWroteIt() throws Exception {
        Path fixture = Fixtures.require("models/tiny-random-gpt2");
        Path out = tmp.resolve("gpt2");
        long[] ids = {5, 98, 17, 300, 2};
        try (LanguageModel lm = ModelLoader.load(fixture.toString(), Device.cpu())) {
            HfCheckpointWriter.save(lm, out);
            assertThat(Files.readAllBytes(out.resolve("model.safetensors")))
                    .isEqualTo(Files.readAllBytes(fixture.resolve("model.safetensors")));
            for (String name : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json",
                    "merges.txt")) {
                assertThat(Files.readAllBytes(out.resolve(name))).as(name).isEqualTo(Files.readAllBytes(fixture.resolve(name)));
            }
            assertThat(HfConfigReader.read(out)).isEqualTo(lm.config());
            JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
            assertThat(config.get("architectures").get(0).asText()).isEqualTo("GPT2LMHeadModel");
            assertThat(config.get("torch_dtype").asText()).isEqualTo("float32");
            assertThat(JSON.readTree(out.resolve("generation_config.json").toFile()).get("eos_token_id").asInt()).isEqualTo(98);
            float[] want = logits(lm, ids);
            try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
                assertThat(back.config()).isEqualTo(lm.config());
                assertThat(logits(back, ids)).containsExactly(want);
                assertThat(back.tokenizer().encode("Hello world", true)).containsExactly(lm.tokenizer().encode("Hello world", true));
            }
        }
    }

    private static int[] greedy(LanguageModel lm, int tokens) {
        Generator g = new Generator(lm.decoder(), ids -> "");
        return g.generate(List.<int[]>of(new int[] {1}),
                new GenerationSettings(tokens, SamplingSettings.GREEDY, Set.of(), List.of(), 0)).get(0).tokens();
    }

    @Test
    void aGgufModelSavedAndReloadedGeneratesTheSameTokensAndTokenizesTheSame() throws Exception {
        Path gguf = Fixtures.require("models/stories260K/stories260K.gguf");
        Path out = tmp.resolve("stories");
        try (LanguageModel lm = ModelLoader.load(gguf.toString(), Device.cpu())) {
            assertThat(lm.config().ropeStyle()).isEqualTo(RopeStyle.ADJACENT);
            HfCheckpointWriter.save(lm, out);
            assertThat(entries(out)).containsExactly("config.json", "generation_config.json", "model.safetensors",
                    "special_tokens_map.json", "tokenizer.model", "tokenizer_config.json");
            int[] want = greedy(lm, 100);
            float[] wantLogits = logits(lm, 1, 403, 407, 261, 378);
            try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
                assertThat(back.config()).isEqualTo(lm.config().withRopeStyle(RopeStyle.HALF_SPLIT));
                assertThat(greedy(back, 100)).containsExactly(want);
                float[] got = logits(back, 1, 403, 407, 261, 378);
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).isCloseTo(wantLogits[i], Offset.offset(1e-4f));
                }
                assertSameTokenizer(back.tokenizer(), lm.tokenizer());
            }
        }
    }

    private static void assertSameTokenizer(TextTokenizer read, TextTokenizer original) {
        assertThat(read).isInstanceOf(SentencePieceTokenizer.class);
        SentencePieceTokenizer a = (SentencePieceTokenizer) read;
        SentencePieceTokenizer b = (SentencePieceTokenizer) original;
        assertThat(a.vocabSize()).isEqualTo(b.vocabSize());
        for (int id = 0; id < b.vocabSize(); id++) {
            assertThat(a.tokenText(id)).isEqualTo(b.tokenText(id));
            assertThat(a.score(id)).isEqualTo(b.score(id));
            assertThat(a.pieceType(id)).isEqualTo(b.pieceType(id) == PieceType.UNDEFINED ? PieceType.NORMAL : b.pieceType(id));
        }
        assertThat(a.specialTokens()).isEqualTo(b.specialTokens());
        assertThat(a.addsBos()).isEqualTo(b.addsBos());
        assertThat(a.addsEos()).isEqualTo(b.addsEos());
        // The same ids come from the Python sentencepiece library reading the saved tokenizer.model.
        for (String text : List.of("Once upon a time, there was a little girl named Lily.",
                "Lily's mom said, \"Lily, let's go to the park.\"\nShe smiled.", "line one\n\nline three\ttabbed",
                "  two  spaces ", "café ☃ — naïve 日本語 🙂", "<s>Once</s> upon")) {
            for (boolean special : new boolean[] {false, true}) {
                int[] ids = b.encode(text, special);
                assertThat(a.encode(text, special)).as(text).containsExactly(ids);
                assertThat(a.decode(ids, special)).isEqualTo(b.decode(ids, special));
            }
        }
    }

    @Test
    void theLoaderPrefersTokenizerJsonAndOtherwiseReadsTokenizerModel() throws Exception {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT);
        Path out = tmp.resolve("spm");
        try (GgufFile gguf = GgufFile.open(Fixtures.require("models/stories260K/stories260K.gguf"))) {
            HfCheckpointWriter.save(c, DecoderTest.randomArrays(c, 8),
                    TokenizerFiles.sentencePiece(SentencePieceTokenizer.fromGguf(gguf)), out);
        }
        try (TextTokenizer t = ModelLoader.describe(out.toString()).tokenizer()) {
            assertThat(t).isInstanceOf(SentencePieceTokenizer.class);
            assertThat(t.encode("Once upon a time", true)).containsExactly(1, 403, 407, 261, 378);
        }
        Files.copy(Fixtures.require("tokenizers/llama/tokenizer.json"), out.resolve("tokenizer.json"));
        try (TextTokenizer t = ModelLoader.describe(out.toString()).tokenizer()) {
            assertThat(t).isInstanceOf(HfTokenizer.class);
        }
        Files.delete(out.resolve("tokenizer.json"));
        Files.delete(out.resolve("tokenizer.model"));
        assertThatThrownBy(() -> ModelLoader.describe(out.toString()))
                .hasMessageContaining("tokenizer.json").hasMessageContaining("tokenizer.model");
    }

    @Test
    void qwen2WithBiasesSavesExactlyTheTensorsItWasLoadedFrom() throws Exception {
        ModelConfig c = ModelConfig.qwen2().vocabSize(40).hiddenSize(16).layers(2).heads(4).kvHeads(2).headDim(4)
                .intermediateSize(24).maxPositions(128).normEps(1e-6f).ropeTheta(10000.0)
                .bosId(1).eosIds(List.of(2)).build();
        Path source = Files.createDirectory(tmp.resolve("source"));
        HfCheckpointLoadingTest.writeLlama(source, c, "qwen2", "Qwen2ForCausalLM");
        Path out = tmp.resolve("saved");
        try (LanguageModel lm = ModelLoader.load(source.toString(), Device.cpu())) {
            HfCheckpointWriter.save(lm, out);
            assertSameTensors(source.resolve("model.safetensors"), out.resolve("model.safetensors"));
            try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
                assertThat(back.config()).isEqualTo(c);
                assertThat(logits(back, 1, 7, 22, 3)).containsExactly(logits(lm, 1, 7, 22, 3));
            }
        }
    }

    @Test
    void aRewardModelRoundTripsAsASequenceClassifier() throws Exception {
        ModelConfig c = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(2).heads(4).kvHeads(4).headDim(4)
                .intermediateSize(24).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0).numLabels(1)
                .bosId(1).eosIds(List.of(2)).build();
        Path source = Files.createDirectory(tmp.resolve("source"));
        HfCheckpointLoadingTest.writeLlama(source, c, "llama", "LlamaForSequenceClassification");
        Path out = tmp.resolve("saved");
        try (LanguageModel lm = ModelLoader.load(source.toString(), Device.cpu())) {
            HfCheckpointWriter.save(lm, out);
            assertSameTensors(source.resolve("model.safetensors"), out.resolve("model.safetensors"));
            JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
            assertThat(config.get("architectures").get(0).asText()).isEqualTo("LlamaForSequenceClassification");
            assertThat(config.get("num_labels").asInt()).isEqualTo(1);
            assertThat(config.get("id2label").get("0").asText()).isEqualTo("LABEL_0");
            assertThat(out.resolve("generation_config.json")).doesNotExist();
            try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
                assertThat(back.config()).isEqualTo(c);
            }
        }
    }

    @Test
    void aTiedModelWritesNoOutputHeadAndReloadsTheSameWeights() throws Exception {
        ModelConfig c = TestModels.qwen2(); // tied, no BOS, padding id 0
        Map<String, float[]> weights = DecoderTest.randomArrays(c, 21);
        Path out = tmp.resolve("tied");
        HfCheckpointWriter.save(c, weights, TokenizerFiles.copiedFrom(Fixtures.require("tokenizers/llama")), out);
        try (SafetensorsFile f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            assertThat(f.names()).doesNotContain("lm_head.weight").contains("model.layers.1.self_attn.k_proj.bias");
            assertThat(f.shape("model.layers.1.self_attn.k_proj.weight")).containsExactly(8, 32);
            assertThat(f.shape("model.layers.1.mlp.up_proj.weight")).containsExactly(40, 32);
        }
        assertThat(JSON.readTree(out.resolve("config.json").toFile()).get("bos_token_id").isNull()).isTrue();
        try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
            assertThat(back.config()).isEqualTo(c);
            Map<String, float[]> reloaded = back.decoder().weights().toFloatArrays();
            assertThat(reloaded.keySet()).isEqualTo(weights.keySet());
            weights.forEach((name, values) -> assertThat(reloaded.get(name)).as(name).containsExactly(values));
        }
    }

    @Test
    void aFailureHalfwayLeavesNeitherTheCheckpointNorATemporaryDirectory() throws Exception {
        ModelConfig c = TestModels.gpt2();
        Map<String, float[]> weights = DecoderTest.randomArrays(c, 3);
        Path parent = Files.createDirectory(tmp.resolve("run"));
        Path out = parent.resolve("step-100");
        TokenizerFiles failing = dir -> {
            assertThat(dir.resolve("model.safetensors")).exists(); // the weights are written by then
            Files.writeString(dir.resolve("tokenizer.json"), "{");
            throw new IOException("disk full");
        };
        assertThatThrownBy(() -> HfCheckpointWriter.save(c, weights, failing, out)).hasMessage("disk full");
        assertThat(entries(parent)).isEmpty();

        Map<String, float[]> incomplete = new HashMap<>(weights);
        incomplete.remove("layers.1.qkv.bias");
        TokenizerFiles tokenizer = TokenizerFiles.copiedFrom(Fixtures.require("models/tiny-random-gpt2"));
        assertThatThrownBy(() -> HfCheckpointWriter.save(c, incomplete, tokenizer, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers.1.qkv.bias");
        Map<String, float[]> extra = new HashMap<>(weights);
        extra.put("layers.9.qkv.bias", new float[1]);
        assertThatThrownBy(() -> HfCheckpointWriter.save(c, extra, tokenizer, out)).hasMessageContaining("layers.9.qkv.bias");
        assertThat(entries(parent)).isEmpty();

        HfCheckpointWriter.save(c, weights, tokenizer, out);
        byte[] saved = Files.readAllBytes(out.resolve("model.safetensors"));
        assertThatThrownBy(() -> HfCheckpointWriter.save(c, DecoderTest.randomArrays(c, 4), failing, out))
                .hasMessage("disk full");
        assertThat(entries(parent)).containsExactly("step-100");
        assertThat(Files.readAllBytes(out.resolve("model.safetensors"))).isEqualTo(saved);
        assertThat(out.resolve("tokenizer.json")).hasSameBinaryContentAs(
                Fixtures.require("models/tiny-random-gpt2").resolve("tokenizer.json"));
    }

    @Test
    void savingAgainReplacesTheCheckpointAndKeepsExtraFiles() throws Exception {
        ModelConfig c = TestModels.gpt2();
        Path parent = Files.createDirectory(tmp.resolve("run"));
        Path out = parent.resolve("latest");
        TokenizerFiles tokenizer = TokenizerFiles.copiedFrom(Fixtures.require("models/tiny-random-gpt2"));
        HfCheckpointWriter.save(c, DecoderTest.randomArrays(c, 1), tokenizer, Map.of("trainer_state.json", "{\"step\": 1}"), out);
        Map<String, float[]> second = DecoderTest.randomArrays(c, 2);
        HfCheckpointWriter.save(c, second, tokenizer, Map.of("trainer_state.json", "{\"step\": 2}"), out);
        assertThat(entries(parent)).containsExactly("latest");
        assertThat(Files.readString(out.resolve("trainer_state.json"))).isEqualTo("{\"step\": 2}");
        try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
            Map<String, float[]> reloaded = back.decoder().weights().toFloatArrays();
            second.forEach((name, values) -> assertThat(reloaded.get(name)).as(name).containsExactly(values));
        }
        assertThatThrownBy(() -> HfCheckpointWriter.save(c, second, tokenizer, Map.of("../escape", "x"), out))
                .hasMessageContaining("plain file name");
        assertThatThrownBy(() -> HfCheckpointWriter.save(c, second, tokenizer, Map.of("config.json", "{}"), out))
                .hasMessageContaining("config.json");
    }
}
