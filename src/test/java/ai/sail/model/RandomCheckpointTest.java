package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.sail.Fixtures;
import ai.sail.generate.Generation;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.Generator;
import ai.sail.generate.SamplingSettings;
import ai.sail.tensor.StepScope;
import ai.sail.text.HfTokenizer;
import ai.sail.text.TokenizerFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sail init-model}'s checkpoints: they load back as exactly the random model built in memory,
 * say their shape in config.json, carry the tokenizer, and are written whole or not at all. Shapes are
 * small (width 64, 2 layers), vocabularies real-sized (151,936 rows over GPT-2's 50,257 ids, as
 * Qwen2.5 pads 151,665 ids to 151,936), so the tests stay fast.
 */
class RandomCheckpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GPT2_IDS = 50_257;

    @TempDir
    Path tmp;

    private static BenchmarkModel.Shape small(Architecture arch, int vocab) {
        return new BenchmarkModel.Shape(arch, 64, 2, 4, 2, 128, vocab);
    }

    private static Path gpt2Tokenizer() {
        return Fixtures.require("tokenizers/gpt2/tokenizer.json");
    }

    private static float[] logits(Decoder decoder, long... ids) {
        try (StepScope s = new StepScope()) {
            NDArray x = decoder.manager().create(ids, new Shape(1, ids.length));
            int[] valid = new int[ids.length];
            Arrays.fill(valid, 1);
            return decoder.logits(decoder.forward(x, new AttentionLayout(new int[][] {valid}, ids.length), null)).toFloatArray();
        }
    }

    private List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The reference is the benchmarks' random model of the same shape (seed 1), built as tensors in
     * memory, before and apart from anything written: the loaded checkpoint must compute the same logits
     * (to float32 rounding) over ids inside and past the tokenizer's vocabulary.
     */
    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"LLAMA", "QWEN2", "GPT2"})
    void aWrittenModelLoadsBackWithTheLogitsOfTheModelBuiltInMemory(Architecture arch) throws Exception {
        int vocab = arch == Architecture.QWEN2 ? 151_936 : 50_304;
        BenchmarkModel.Shape shape = small(arch, vocab);
        long[] ids = {50_256, 15_496, 11, 995, 0, vocab - 1, 50_257};
        float[] want;
        try (BenchmarkModel inMemory = BenchmarkModel.random(shape, Device.cpu())) {
            want = logits(inMemory.decoder(), ids);
        }
        Path out = tmp.resolve(arch.modelType());
        RandomCheckpoint.write(shape, 1, gpt2Tokenizer(), out);
        assertThat(entries(out)).containsExactly("config.json", "generation_config.json", "model.safetensors",
                "tokenizer.json", "tokenizer_config.json");
        try (LanguageModel back = ModelLoader.load(out.toString(), Device.cpu())) {
            assertThat(back.config().vocabSize()).isEqualTo(vocab);
            assertThat(back.tokenizer().vocabSize()).isEqualTo(GPT2_IDS);
            float[] got = logits(back.decoder(), ids);
            assertThat(got).hasSameSizeAs(want);
            float worst = 0;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - want[i]));
            }
            // Same weights and arithmetic; libtorch may pick other kernels for tensors laid out apart
            // (mapped from the file versus made from arrays), so float32 rounding may differ in the last bits.
            assertThat(worst).as("largest logit difference").isLessThanOrEqualTo(1e-5f);
        }
    }

    @Test
    void configJsonSaysTheShapeAndTheTokenizersSpecialIds() throws Exception {
        Path out = tmp.resolve("qwen");
        RandomCheckpoint.write(small(Architecture.QWEN2, 151_936), 3, gpt2Tokenizer(), out);
        JsonNode c = JSON.readTree(out.resolve("config.json").toFile());
        assertThat(c.get("architectures").get(0).asText()).isEqualTo("Qwen2ForCausalLM");
        assertThat(c.get("model_type").asText()).isEqualTo("qwen2");
        assertThat(c.get("hidden_size").asInt()).isEqualTo(64);
        assertThat(c.get("num_hidden_layers").asInt()).isEqualTo(2);
        assertThat(c.get("num_attention_heads").asInt()).isEqualTo(4);
        assertThat(c.get("num_key_value_heads").asInt()).isEqualTo(2);
        assertThat(c.get("intermediate_size").asInt()).isEqualTo(128);
        assertThat(c.get("vocab_size").asInt()).isEqualTo(151_936);
        assertThat(c.get("tie_word_embeddings").asBoolean()).isFalse();
        // GPT-2's tokenizer_config.json names <|endoftext|> (id 50256) as BOS and EOS, and no pad token.
        assertThat(c.get("bos_token_id").asInt()).isEqualTo(50_256);
        assertThat(c.get("eos_token_id").asInt()).isEqualTo(50_256);
        assertThat(c.get("pad_token_id").isNull()).isTrue();
        for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
            assertThat(Files.readAllBytes(out.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(gpt2Tokenizer().resolveSibling(name)));
        }
    }

    /** The preset's config.json, without writing its half a billion weights: Qwen2.5-0.5B's published values. */
    @Test
    void theQwenPresetHasQwen25HalfBillionsConfig() {
        ModelConfig config = BenchmarkModel.Shape.preset("qwen2.5-0.5b").config(151_643, List.of(151_643), -1);
        Map<String, Object> json = HfConfigWriter.config(config);
        assertThat(json).containsEntry("model_type", "qwen2").containsEntry("hidden_size", 896)
                .containsEntry("num_hidden_layers", 24).containsEntry("num_attention_heads", 14)
                .containsEntry("num_key_value_heads", 2).containsEntry("intermediate_size", 4864)
                .containsEntry("vocab_size", 151_936).containsEntry("tie_word_embeddings", true)
                .containsEntry("rope_theta", 1_000_000.0).containsEntry("head_dim", 64);
    }

    @Test
    void aTokenizerWithoutConfigGetsOneNamingTheFastTokenizer() throws Exception {
        Path falcon = Fixtures.require("tokenizers/falcon/tokenizer.json");
        assertThat(Files.exists(falcon.resolveSibling("tokenizer_config.json"))).isFalse();
        Path out = tmp.resolve("falcon");
        ModelConfig written = RandomCheckpoint.write(new BenchmarkModel.Shape(Architecture.LLAMA, 32, 1, 2, 2, 64, 65_024),
                1, falcon.getParent(), out);
        assertThat(JSON.readTree(out.resolve("tokenizer_config.json").toFile()).get("tokenizer_class").asText())
                .isEqualTo("PreTrainedTokenizerFast");
        assertThat(written.eosIds()).isEmpty(); // the tokenizer names none, so the model stops at its token budget
        assertThat(ModelLoader.describe(out.toString()).config()).isEqualTo(written);
    }

    @Test
    void aVocabularySmallerThanTheTokenizersIsRefusedNamingBoth() {
        Path out = tmp.resolve("small");
        assertThatThrownBy(() -> RandomCheckpoint.write(small(Architecture.LLAMA, 50_000), 1, gpt2Tokenizer(), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("50000").hasMessageContaining("50257").hasMessageContaining("--vocab");
        assertThat(out).doesNotExist();
    }

    @Test
    void aNonEmptyOutputIsRefusedAndAnEmptyOneFilled() throws Exception {
        Path taken = tmp.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> RandomCheckpoint.write(small(Architecture.LLAMA, GPT2_IDS), 1, gpt2Tokenizer(), taken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
        assertThat(entries(taken)).containsExactly("notes.txt");

        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        RandomCheckpoint.write(small(Architecture.LLAMA, GPT2_IDS), 1, gpt2Tokenizer(), empty);
        assertThat(entries(empty)).contains("config.json", "model.safetensors", "tokenizer.json");
    }

    /** A write that fails half-way (here: the disk fills while the tokenizer is copied) leaves nothing behind. */
    @Test
    void aFailedWriteLeavesNoDirectory() throws Exception {
        Path parent = tmp.resolve("models");
        Files.createDirectories(parent);
        TokenizerFiles failing = dir -> {
            Files.writeString(dir.resolve("tokenizer.json"), "{}");
            throw new IOException("No space left on device");
        };
        try (HfTokenizer tokenizer = HfTokenizer.load(gpt2Tokenizer().getParent())) {
            assertThatThrownBy(() -> RandomCheckpoint.write(small(Architecture.QWEN2, 151_936), 1, tokenizer, failing,
                    parent.resolve("m")))
                    .isInstanceOf(IOException.class).hasMessageContaining("No space left");
        }
        assertThat(entries(parent)).isEmpty();
    }

    /**
     * What online training does with such a model: an untrained policy samples ids the tokenizer has no
     * token for (two thirds of the rows here). Their text must decode, to nothing for those ids, not fail.
     */
    @Test
    void samplesPastTheTokenizerDecodeWithoutThem() throws Exception {
        Path out = tmp.resolve("padded");
        RandomCheckpoint.write(small(Architecture.QWEN2, 151_936), 1, gpt2Tokenizer(), out);
        try (LanguageModel lm = ModelLoader.load(out.toString(), Device.cpu())) {
            Generator generator = new Generator(lm.decoder(), ids -> lm.tokenizer().decode(ids, true));
            List<int[]> prompts = List.of(lm.tokenizer().encode("Once upon a time", true), lm.tokenizer().encode("Hi", true));
            List<Generation> samples = generator.generate(prompts,
                    new GenerationSettings(24, new SamplingSettings(1f, 0, 1f), Set.of(), List.of(), 5), new Random(5));
            int past = 0;
            for (Generation g : samples) {
                int[] known = Arrays.stream(g.tokens()).filter(id -> id < GPT2_IDS).toArray();
                past += g.tokens().length - known.length;
                assertThat(g.text()).isEqualTo(lm.tokenizer().decode(known, true));
            }
            assertThat(past).as("ids past the tokenizer were sampled").isPositive();
        }
    }
}
