package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.io.GgufFile;
import ai.sail.io.GgufTestWriter;
import ai.sail.io.GgufValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny hand-made vocabularies in GGUF files, each chosen so the expected ids can be worked out by hand. */
class SentencePieceTokenizerTest {
    private static final int NORMAL = 1;
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;
    private static final int UNUSED = 5;
    private static final int BYTE = 6;

    @TempDir
    Path dir;

    /** Pieces given as "text", score, type triples, after the usual &lt;unk&gt; &lt;s&gt; &lt;/s&gt; at ids 0, 1, 2. */
    private SentencePieceTokenizer tokenizer(UnaryOperator<GgufTestWriter> extra, Object... triples) throws Exception {
        List<String> pieces = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        List<Integer> types = new ArrayList<>(List.of(UNKNOWN, CONTROL, CONTROL));
        for (int i = 0; i < triples.length; i += 3) {
            pieces.add((String) triples[i]);
            scores.add(((Number) triples[i + 1]).floatValue());
            types.add((Integer) triples[i + 2]);
        }
        GgufTestWriter writer = new GgufTestWriter()
                .string("tokenizer.ggml.model", "llama")
                .array("tokenizer.ggml.tokens", GgufValueType.STRING, pieces)
                .array("tokenizer.ggml.scores", GgufValueType.FLOAT32, scores)
                .array("tokenizer.ggml.token_type", GgufValueType.INT32, types)
                .u32("tokenizer.ggml.bos_token_id", 1)
                .u32("tokenizer.ggml.eos_token_id", 2);
        Path file = extra.apply(writer).write(dir.resolve("vocab" + System.nanoTime() + ".gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            return SentencePieceTokenizer.fromGguf(gguf);
        }
    }

    private static UnaryOperator<GgufTestWriter> noSpacePrefix() {
        return w -> w.kv("tokenizer.ggml.add_space_prefix", GgufValueType.BOOL, false);
    }

    /**
     * "abcd" with ab -5, bc -1, cd -3, bcd -2. Best score first: bc (a|bc|d); then abc is no piece
     * but bcd is (a|bcd): [3, 10]. Merging the leftmost mergeable pair first would give ab, then cd:
     * ab|cd = [7, 9]. Likewise "abc" is a|bc = [3, 8] by score, ab|c = [7, 5] by position.
     */
    @Test
    void mergesTheBestScoringPairFirstNotTheLeftmost() throws Exception {
        SentencePieceTokenizer t = tokenizer(noSpacePrefix(),
                "a", -10, NORMAL, "b", -10, NORMAL, "c", -10, NORMAL, "d", -10, NORMAL, // 3..6
                "ab", -5, NORMAL, "bc", -1, NORMAL, "cd", -3, NORMAL,                 // 7..9
                "bcd", -2, NORMAL);                                                    // 10
        assertThat(t.encode("abcd", false)).containsExactly(3, 10);
        assertThat(t.encode("abcd", true)).containsExactly(1, 3, 10);
        assertThat(t.encode("abc", false)).containsExactly(3, 8);
        assertThat(t.encode("abab", false)).containsExactly(7, 7);
        assertThat(t.decode(new int[] {3, 10}, true)).isEqualTo("abcd");
    }

    /** Equal scores: the leftmost pair wins, so "aaa" is aa|a, not a|aa. */
    @Test
    void breaksScoreTiesToTheLeft() throws Exception {
        SentencePieceTokenizer t = tokenizer(noSpacePrefix(), "a", 0, NORMAL, "aa", -1, NORMAL);
        assertThat(t.encode("aaa", false)).containsExactly(4, 3);
        assertThat(t.encode("aaaa", false)).containsExactly(4, 4);
    }

    @Test
    void controlTypeAndBytePiecesAreNeverMergedFromText() throws Exception {
        // "<s" and "s>" would let "<s>" be assembled by merging; it must not become BOS that way.
        SentencePieceTokenizer t = tokenizer(noSpacePrefix(),
                "<", 0, NORMAL, "s", 0, NORMAL, ">", 0, NORMAL, "<s", -1, NORMAL);
        assertThat(t.encode("<s>", false, false)).containsExactly(6, 5);
        assertThat(t.encode("<s>", false, true)).containsExactly(1);
    }

    @Test
    void dummyPrefixStartsTheTextAndFollowsEachSpecialPiece() throws Exception {
        SentencePieceTokenizer t = tokenizer(UnaryOperator.identity(),
                "\u2581", -5, NORMAL, "a", -5, NORMAL, "\u2581a", -1, NORMAL, "<tag>", 0, USER_DEFINED); // 3..6
        assertThat(t.encode("a a", false)).containsExactly(5, 5);
        assertThat(t.encode("a<tag>a", false)).containsExactly(5, 6, 5);
        assertThat(t.encode("a</s>a", false)).containsExactly(5, 2, 5);
        assertThat(t.encode("", false)).isEmpty();
        assertThat(t.encode("", true)).containsExactly(1);
        assertThat(t.decode(t.encode("a a", true), true)).isEqualTo("a a");
        assertThat(t.decode(new int[] {5, 6, 5}, false)).isEqualTo("a<tag> a");
    }

    @Test
    void fallsBackToBytesOrToUnknown() throws Exception {
        SentencePieceTokenizer withBytes = tokenizer(noSpacePrefix(),
                "a", 0, NORMAL, "<0xC3>", 0, BYTE, "<0xA9>", 0, BYTE);
        assertThat(withBytes.encode("aé", false)).containsExactly(3, 4, 5);
        assertThat(withBytes.decode(new int[] {3, 4, 5}, true)).isEqualTo("aé");
        assertThat(withBytes.decode(new int[] {4, 3}, true)).isEqualTo("\uFFFDa");

        SentencePieceTokenizer noBytes = tokenizer(noSpacePrefix(), "a", 0, NORMAL);
        assertThat(noBytes.encode("aéa☃", false)).containsExactly(3, 0, 3, 0);
        assertThat(noBytes.decode(new int[] {3, 0}, false)).isEqualTo("a<unk>");
        assertThat(noBytes.decode(new int[] {3, 0}, true)).isEqualTo("a");
    }

    @Test
    void readsSettingsAndSpecialIds() throws Exception {
        SentencePieceTokenizer t = tokenizer(w -> w
                        .kv("tokenizer.ggml.add_bos_token", GgufValueType.BOOL, false)
                        .kv("tokenizer.ggml.add_eos_token", GgufValueType.BOOL, true)
                        .u32("tokenizer.ggml.padding_token_id", 0xFFFF_FFFFL)
                        .u32("tokenizer.ggml.eot_token_id", 5)
                        .string("tokenizer.chat_template", "{{ messages }}"),
                "\u2581a", 0, NORMAL, "junk", 0, UNUSED, "<eot>", 0, CONTROL);
        assertThat(t.encode("a", true)).containsExactly(3, 2);
        assertThat(t.bosId()).hasValue(1);
        assertThat(t.padId()).isEmpty();
        assertThat(t.eosIds()).containsExactlyInAnyOrder(2, 5);
        assertThat(t.specialTokens()).containsExactly(
                java.util.Map.entry("bos", 1), java.util.Map.entry("eos", 2),
                java.util.Map.entry("unk", 0), java.util.Map.entry("eot", 5));
        assertThat(t.chatTemplate()).contains("{{ messages }}");
        assertThat(t.decode(new int[] {3, 4, 5}, false)).isEqualTo("a<eot>");
        assertThat(t.decode(new int[] {1, 3, 2}, false)).isEqualTo("<s> a</s>");
        assertThat(t.decode(new int[] {1, 3, 2}, true)).isEqualTo("a");
        assertThat(t.vocabSize()).isEqualTo(6);
        // No piece has id 6 (a model padded past the vocabulary can sample it): nothing to decode, as Hugging Face does.
        assertThat(t.decode(new int[] {6, 3, 7}, true)).isEqualTo("a");
        assertThatThrownBy(() -> t.decode(new int[] {-1}, true)).hasMessageContaining("-1");
        assertThatThrownBy(() -> t.tokenText(6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.tokenText(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOtherVocabularyKindsAndBadIds() throws Exception {
        Path gpt2 = new GgufTestWriter()
                .string("tokenizer.ggml.model", "gpt2")
                .array("tokenizer.ggml.tokens", GgufValueType.STRING, List.of("a"))
                .write(dir.resolve("gpt2.gguf"));
        try (GgufFile gguf = GgufFile.open(gpt2)) {
            assertThatThrownBy(() -> SentencePieceTokenizer.fromGguf(gguf))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("gpt2.gguf")
                    .hasMessageContaining("'gpt2'");
        }
        assertThatThrownBy(() -> tokenizer(w -> w.u32("tokenizer.ggml.padding_token_id", 99), "a", 0, NORMAL))
                .hasMessageContaining("tokenizer.ggml.padding_token_id").hasMessageContaining("99");
        Path noTokens = new GgufTestWriter().string("tokenizer.ggml.model", "llama").write(dir.resolve("none.gguf"));
        try (GgufFile gguf = GgufFile.open(noTokens)) {
            assertThatThrownBy(() -> SentencePieceTokenizer.fromGguf(gguf))
                    .hasMessageContaining("tokenizer.ggml.tokens").hasMessageContaining("missing");
        }
    }
}
