package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HfTokenizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** {@code expected_encoding.json}: what the Python tokenizers library produced for one French text. */
    private record Expected(String text, int[] tokenIds, List<String> bpeTokens, String decodedText) {
        static Expected of(String name) throws IOException {
            JsonNode node = JSON.readTree(Fixtures.require("tokenizers/" + name + "/expected_encoding.json").toFile());
            int[] ids = new int[node.get("token_ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = node.get("token_ids").get(i).intValue();
            }
            List<String> tokens = new ArrayList<>();
            node.get("bpe_tokens").forEach(t -> tokens.add(t.asText()));
            return new Expected(node.get("text").asText(), ids, tokens, node.get("decoded_text").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama", "falcon"})
    void encodesExactlyLikeThePythonLibrary(String name) throws IOException {
        Expected expected = Expected.of(name);
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/" + name))) {
            assertThat(tokenizer.encode(expected.text(), true)).containsExactly(expected.tokenIds());

            int[] plain = tokenizer.encode(expected.text(), false);
            List<String> surfaces = new ArrayList<>();
            for (int id : plain) {
                surfaces.add(tokenizer.tokenText(id));
            }
            assertThat(surfaces).isEqualTo(expected.bpeTokens());
        }
    }

    /**
     * decoded_text is the Python decode WITHOUT skipping special tokens: for Llama it starts with
     * {@code "<s> "} (the BOS, then the space the metaspace decoder keeps because the text no longer starts
     * the output). Skipping special tokens gives the original text back for all three.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama", "falcon"})
    void decodesExactlyLikeThePythonLibrary(String name) throws IOException {
        Expected expected = Expected.of(name);
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/" + name))) {
            assertThat(tokenizer.decode(expected.tokenIds(), false)).isEqualTo(expected.decodedText());
            assertThat(tokenizer.decode(expected.tokenIds(), true)).isEqualTo(expected.text());
        }
        if (name.equals("llama")) {
            assertThat(expected.decodedText()).isEqualTo("<s> " + expected.text());
        }
    }

    /** DJL truncates to 512 tokens unless told otherwise; a prompt plus response is often longer. */
    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void longTextsAreNeitherTruncatedNorPadded(String name) throws IOException {
        String text = Expected.of(name).text();
        String longText = String.join("\n", Collections.nCopies(20, text));
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/" + name))) {
            int once = tokenizer.encode(text, false).length;
            int[] ids = tokenizer.encode(longText, false);

            assertThat(ids.length).isGreaterThan(20 * once - 40).isGreaterThan(3000);
            assertThat(tokenizer.decode(ids, true)).isEqualTo(longText);
            assertThat(tokenizer.encode("Hi", false)).hasSizeLessThan(3); // and no padding of short texts
        }
    }

    @Test
    void llamaSpecialTokensComeFromTheConfig() throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/llama"))) {
            assertThat(tokenizer.bosId()).hasValue(1);
            assertThat(tokenizer.eosIds()).containsExactly(2);
            assertThat(tokenizer.padId()).isEmpty();
            assertThat(tokenizer.specialTokens()).containsEntry("bos", 1).containsEntry("eos", 2).containsEntry("unk", 0);
            assertThat(tokenizer.vocabSize()).isEqualTo(32000);
            assertThat(tokenizer.tokenText(13)).isEqualTo("<0x0A>");
            assertThat(tokenizer.tokenToId("▁the")).hasValue(278);
            assertThat(tokenizer.isSpecial(1)).isTrue();
            assertThat(tokenizer.encode("Hello", true)[0]).isEqualTo(1);
            assertThat(tokenizer.encode("Hello", false)[0]).isNotEqualTo(1);
        }
    }

    @Test
    void addBosAndAddEosFlagsOverrideTheTemplateWhenTheyDiffer() throws IOException {
        Path llama = Fixtures.require("tokenizers/llama");
        TokenizerConfig config = TokenizerConfig.load(llama.resolve("tokenizer_config.json"));
        int[] body;
        try (HfTokenizer plain = HfTokenizer.load(llama)) {
            body = plain.encode("Hello world", false);
        }
        try (HfTokenizer noBos = HfTokenizer.load(llama.resolve("tokenizer.json"),
                config.withAddSpecialTokens(Optional.of(false), Optional.empty()))) {
            assertThat(noBos.encode("Hello world", true)).containsExactly(body);
        }
        try (HfTokenizer bosAndEos = HfTokenizer.load(llama.resolve("tokenizer.json"),
                config.withAddSpecialTokens(Optional.of(true), Optional.of(true)))) {
            int[] ids = bosAndEos.encode("Hello world", true);
            assertThat(ids[0]).isEqualTo(1);
            assertThat(ids[ids.length - 1]).isEqualTo(2);
            assertThat(ids).hasSize(body.length + 2);
            assertThat(bosAndEos.encode("Hello world", false)).containsExactly(body);
        }
    }

    @Test
    void flagsAreIgnoredForByteLevelPostProcessorAsInTransformers() throws IOException {
        Path gpt2 = Fixtures.require("tokenizers/gpt2");
        TokenizerConfig config = TokenizerConfig.load(gpt2.resolve("tokenizer_config.json"))
                .withAddSpecialTokens(Optional.of(true), Optional.empty());
        try (HfTokenizer tokenizer = HfTokenizer.load(gpt2.resolve("tokenizer.json"), config)) {
            assertThat(tokenizer.encode("Hello world", true)).containsExactly(tokenizer.encode("Hello world", false));
        }
    }

    @Test
    void addBosWithoutAPostProcessorAddsATemplate() throws IOException {
        TokenizerConfig config = new TokenizerConfig(Optional.of("<|endoftext|>"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(true), Optional.empty(), Optional.empty(), List.of(), OptionalInt.empty());
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/falcon/tokenizer.json"), config)) {
            int[] body = tokenizer.encode("Hello world", false);
            int[] ids = tokenizer.encode("Hello world", true);

            assertThat(ids).hasSize(body.length + 1);
            assertThat(ids[0]).isEqualTo(11);
        }
    }

    /** Newer tokenizer.json files wrap the template in a Sequence (ByteLevel, then TemplateProcessing). */
    @Test
    void addBosFalseReachesATemplateInsideASequence() throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.require("models/tiny-random-gpt2/tokenizer.json").toFile());
        ObjectNode template = (ObjectNode) JSON.readTree("""
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                 "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                 "special_tokens": {"<|endoftext|>": {"id": "<|endoftext|>", "ids": [0], "tokens": ["<|endoftext|>"]}}}
                """);
        ObjectNode sequence = JSON.createObjectNode().put("type", "Sequence");
        sequence.putArray("processors").add(root.get("post_processor")).add(template);
        root.set("post_processor", sequence);
        Path file = tmp.resolve("tokenizer.json");
        JSON.writeValue(file.toFile(), root);
        TokenizerConfig config = new TokenizerConfig(Optional.of("<|endoftext|>"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), OptionalInt.empty());

        try (HfTokenizer asFiled = HfTokenizer.load(file, config)) {
            assertThat(asFiled.encode("Hello", true)[0]).isEqualTo(0);
        }
        try (HfTokenizer noBos = HfTokenizer.load(file, config.withAddSpecialTokens(Optional.of(false), Optional.empty()))) {
            assertThat(noBos.encode("Hello", true)).containsExactly(noBos.encode("Hello", false));
        }
    }

    @Test
    void gpt2AddsNothingAndKnowsItsEndOfText() throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/gpt2"))) {
            assertThat(tokenizer.encode("Hello world", true)).containsExactly(15496, 995);
            assertThat(tokenizer.bosId()).hasValue(50256);
            assertThat(tokenizer.eosIds()).containsExactly(50256);
            assertThat(tokenizer.vocabSize()).isEqualTo(50257);
            assertThat(tokenizer.encode("a<|endoftext|>b", false)).containsExactly(64, 50256, 65);
            assertThat(tokenizer.decode(new int[] {64, 50256, 65}, true)).isEqualTo("ab");
            assertThat(tokenizer.decode(new int[] {64, 50256, 65}, false)).isEqualTo("a<|endoftext|>b");
        }
    }

    @Test
    void withoutConfigThereAreNoNamedSpecialTokens() throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/falcon"))) {
            assertThat(tokenizer.bosId()).isEmpty();
            assertThat(tokenizer.eosIds()).isEmpty();
            assertThat(tokenizer.specialTokens()).isEmpty();
            assertThat(tokenizer.chatTemplate()).isEmpty();
            assertThat(tokenizer.tokenToId("<|endoftext|>")).hasValue(11);
        }
    }

    /**
     * A model whose embedding has more rows than its tokenizer has ids (Qwen2.5's 151,936 for 151,665)
     * can sample the extra ids; they decode to nothing, as in the Python library, whose decode skips ids
     * it has no token for. The reference is the Python decode of the same ids without the extra ones.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void idsPastTheVocabularyDecodeToNothing(String name) throws IOException {
        Expected expected = Expected.of(name);
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/" + name))) {
            int size = tokenizer.vocabSize();
            int[] ids = expected.tokenIds();
            int[] padded = new int[ids.length + 3];
            padded[0] = size; // first, between two tokens and last
            System.arraycopy(ids, 0, padded, 1, 2);
            padded[3] = size + 270;
            System.arraycopy(ids, 2, padded, 4, ids.length - 2);
            padded[padded.length - 1] = 151_935;
            assertThat(tokenizer.decode(padded, false)).isEqualTo(expected.decodedText());
            assertThat(tokenizer.decode(padded, true)).isEqualTo(expected.text());
            assertThat(tokenizer.decode(new int[] {size, size + 1}, true)).isEmpty();
        }
    }

    @Test
    void rejectsNegativeIds() throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/gpt2"))) {
            assertThatThrownBy(() -> tokenizer.decode(new int[] {1, -1}, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
            assertThatThrownBy(() -> tokenizer.tokenText(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tokenizer.tokenText(50257)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void configTokenMissingFromVocabularyIsAnError() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("tok"));
        Files.copy(Fixtures.require("models/tiny-random-gpt2/tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");

        assertThatThrownBy(() -> HfTokenizer.load(dir))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("eos_token").hasMessageContaining("</s>");
    }

    @Test
    void malformedTokenizerJsonNamesTheFile() throws IOException {
        Path file = tmp.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\": {\"vocab\": {\"a\": 0,}}}");

        assertThatThrownBy(() -> HfTokenizer.load(file, TokenizerConfig.empty()))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("model.vocab");
    }
}
