package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import ai.sail.io.GgufFile;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 512-piece vocabulary of the real stories260K model. Expected ids come from an independent
 * implementation (llama2.c's quadratic best-pair loop over the same vocabulary), not from this code.
 */
class StoriesTokenizerTest {
    private static SentencePieceTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        try (GgufFile gguf = GgufFile.open(Fixtures.require("models/stories260K/stories260K.gguf"))) {
            tokenizer = SentencePieceTokenizer.fromGguf(gguf);
        }
    }

    @Test
    void vocabularyAndSpecials() {
        assertThat(tokenizer.vocabSize()).isEqualTo(512);
        assertThat(tokenizer.bosId()).hasValue(1);
        assertThat(tokenizer.eosIds()).containsExactly(2);
        assertThat(tokenizer.padId()).isEmpty(); // stored as 0xFFFFFFFF
        assertThat(tokenizer.specialTokens()).containsExactly(Map.entry("bos", 1), Map.entry("eos", 2), Map.entry("unk", 0));
        assertThat(tokenizer.addsBos()).isTrue();
        assertThat(tokenizer.addsEos()).isFalse();
        assertThat(tokenizer.chatTemplate()).isEmpty();
        assertThat(tokenizer.tokenText(13)).isEqualTo("<0x0A>");
        assertThat(tokenizer.tokenText(403)).isEqualTo("\u2581Once");
        assertThat(tokenizer.pieceType(13)).isEqualTo(PieceType.BYTE);
        assertThat(tokenizer.pieceType(1)).isEqualTo(PieceType.CONTROL);
    }

    /** Ids past the 512 pieces (a model padded past its tokenizer can sample them) decode to nothing. */
    @Test
    void idsPastTheVocabularyDecodeToNothing() {
        int[] once = {1, 403, 407, 261, 378};
        int[] padded = {512, 1, 403, 600, 407, 261, 378, 513};
        assertThat(tokenizer.decode(padded, true)).isEqualTo(tokenizer.decode(once, true)).isEqualTo("Once upon a time");
        assertThat(tokenizer.decode(padded, false)).isEqualTo(tokenizer.decode(once, false));
        assertThat(tokenizer.decode(new int[] {512}, false)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokenizer.decode(new int[] {-1}, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void encodesLikeTheReference() {
        assertThat(tokenizer.encode("Once upon a time, there was a little girl named Lily.", false))
                .containsExactly(403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426);
        assertThat(tokenizer.encode("Once upon a time", true)).containsExactly(1, 403, 407, 261, 378);
        assertThat(tokenizer.encode("Lily's mom said, \"Lily, let's go to the park.\"\nShe smiled.", false))
                .containsExactly(317, 439, 419, 357, 336, 432, 313, 438, 310, 432, 278, 316, 439, 419, 298, 414,
                        267, 265, 282, 295, 433, 426, 436, 13, 437, 260, 262, 423, 290, 266, 426);
        assertThat(tokenizer.encode("  two  spaces ", false))
                .containsExactly(410, 410, 259, 424, 414, 410, 262, 427, 412, 331, 419, 410);
        assertThat(tokenizer.encode("The quick brown fox jumps over the lazy dog! 123 + 4 = 127?", false))
                .containsExactly(291, 410, 456, 425, 417, 340, 268, 420, 327, 416, 272, 414, 444, 410, 449, 425,
                        423, 427, 419, 334, 330, 265, 278, 412, 451, 422, 400, 428, 443, 410, 475, 479, 472, 410,
                        496, 410, 484, 410, 64, 410, 475, 479, 491, 450);
    }

    @Test
    void helloWorldPiecesSpellTheNormalisedText() {
        int[] ids = tokenizer.encode("Hello world", false);
        String pieces = Arrays.stream(ids).mapToObj(tokenizer::tokenText).collect(Collectors.joining());
        assertThat(pieces).isEqualTo("\u2581Hello\u2581world");
        assertThat(ids).containsExactly(346, 306, 414, 263, 304, 341); // ▁He ll o ▁w or ld
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Once upon a time, there was a little girl named Lily.",
        "She loved to play outside in the park. One day, she saw a big, red ball.",
        "Lily's mom said, \"Lily, let's go to the park.\"\nLily was sad and didn't know w",
        "line one\n\nline three\ttabbed",
        "  leading and trailing spaces  ",
        "café ☃ — naïve 日本語 🙂",
    })
    void roundTrips(String text) {
        assertThat(tokenizer.decode(tokenizer.encode(text, false), false)).isEqualTo(text);
        assertThat(tokenizer.decode(tokenizer.encode(text, true), true)).isEqualTo(text);
    }

    @Test
    void newlineUsesTheBytePiece() {
        int[] ids = tokenizer.encode("Lily.\nShe", false);
        assertThat(ids).contains(13);
        assertThat(tokenizer.decode(new int[] {13}, true)).isEqualTo("\n");
        assertThat(tokenizer.decode(ids, true)).isEqualTo("Lily.\nShe");
    }

    @Test
    void nonAsciiFallsBackToBytesAndDecodesWhole() {
        int[] ids = tokenizer.encode("café ☃", false);
        // 'é' is a piece of its own; '☃' (E2 98 83) is three byte pieces, id = 3 + byte.
        assertThat(ids).containsExactly(280, 412, 431, 485, 410, 3 + 0xE2, 3 + 0x98, 3 + 0x83);
        assertThat(tokenizer.decode(ids, true)).isEqualTo("café ☃");
        assertThat(tokenizer.decode(new int[] {3 + 0xE2, 3 + 0x98}, true)).contains("\uFFFD");
    }

    @Test
    void bosIsDroppedWhenSkippingSpecialsAndOnlyTheFirstSpaceIsStripped() {
        int[] ids = tokenizer.encode("Once upon a time", true);
        assertThat(ids[0]).isEqualTo(1);
        assertThat(tokenizer.decode(ids, true)).isEqualTo("Once upon a time");
        assertThat(tokenizer.decode(ids, false)).isEqualTo("<s> Once upon a time");
        int[] withEos = {1, 403, 407, 2};
        assertThat(tokenizer.decode(withEos, true)).isEqualTo("Once upon");
        assertThat(tokenizer.decode(withEos, false)).isEqualTo("<s> Once upon</s>");
        // A continuation decoded on its own starts with the word, not its space.
        assertThat(tokenizer.decode(new int[] {407, 261}, true)).isEqualTo("upon a");
    }
}
