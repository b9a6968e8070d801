package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test checkpoint's tokenizer against its own {@code vocab.json} / {@code merges.txt}, and against a
 * byte-level BPE written independently in {@link ReferenceByteLevelBpe}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TinyRandomGpt2TokenizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private HfTokenizer tokenizer;
    private Map<String, Integer> vocab;

    @BeforeAll
    void load() throws IOException {
        dir = Fixtures.require("models/tiny-random-gpt2");
        tokenizer = HfTokenizer.load(dir);
        vocab = JSON.readValue(dir.resolve("vocab.json").toFile(), new TypeReference<Map<String, Integer>>() {});
    }

    @AfterAll
    void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    @Test
    void everyVocabularyEntryHasTheSameIdInTheTokenizer() {
        assertThat(vocab).hasSize(1000);
        assertThat(tokenizer.vocabSize()).isEqualTo(1000);
        vocab.forEach((token, id) -> {
            assertThat(tokenizer.tokenToId(token)).as(token).hasValue(id);
            assertThat(tokenizer.tokenText(id)).isEqualTo(token);
        });
    }

    @Test
    void encodedTokensAreVocabularyEntries() {
        int[] ids = tokenizer.encode("The quick brown fox jumps over the lazy dog, twice!", true);

        assertThat(ids).isNotEmpty();
        for (int id : ids) {
            assertThat(vocab).containsEntry(tokenizer.tokenText(id), id);
        }
    }

    /**
     * The tokenizer's special token is {@code <|endoftext|>} = 0, but the checkpoint's config.json and
     * generation_config.json say bos/eos/pad = 98, which is the byte token {@code ¥}: a quirk of this
     * random test model. The tokenizer reports what its own files say; stopping rules that use the
     * model config get 98.
     */
    @Test
    void specialTokensFollowTheTokenizerFilesNotTheModelConfig() throws IOException {
        assertThat(tokenizer.bosId()).hasValue(0);
        assertThat(tokenizer.eosIds()).containsExactly(0);
        assertThat(tokenizer.padId()).isEmpty();
        assertThat(tokenizer.tokenText(0)).isEqualTo("<|endoftext|>");

        JsonNode modelConfig = JSON.readTree(dir.resolve("config.json").toFile());
        assertThat(modelConfig.get("eos_token_id").intValue()).isEqualTo(98);
        assertThat(tokenizer.tokenText(98)).isEqualTo("¥");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Hello world",
        "The quick brown fox jumps over the lazy dog.",
        "  two leading spaces, trailing spaces  ",
        "Numbers 12345 and 3.14159, symbols #@$%^&*() and {braces}",
        "Ünïcödé: café, naïve, Straße — “quotes” and emoji 🙂",
        "line one\nline two\n\n\ttabbed it's we'll they're I'd",
    })
    void agreesWithAReferenceByteLevelBpe(String text) throws IOException {
        ReferenceByteLevelBpe reference =
                new ReferenceByteLevelBpe(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        List<Integer> expected = reference.encode(text);
        assertThat(expected).isNotEmpty().doesNotContainNull();

        assertThat(Arrays.stream(tokenizer.encode(text, true)).boxed().toList()).isEqualTo(expected);
    }
}
