package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer.model protobuf: bytes against an independent encoder, round trips, refusals. */
class SpmModelProtoTest {
    @TempDir
    Path dir;

    private static final String A = "\u2581a";

    /** &lt;unk&gt; &lt;s&gt; &lt;/s&gt; &lt;0x0A&gt; ▁a, with BOS 1, EOS 2, UNK 0, no padding. */
    static SpmVocabulary tinyVocab() {
        return new SpmVocabulary(List.of("<unk>", "<s>", "</s>", "<0x0A>", A), new float[] {0, 0, 0, 0, -1.5f},
                new PieceType[] {PieceType.UNKNOWN, PieceType.CONTROL, PieceType.CONTROL, PieceType.BYTE, PieceType.NORMAL});
    }

    static SpmSettings settings(int pad, boolean addSpacePrefix, Optional<String> template) {
        return new SpmSettings(1, 2, 0, pad, -1, -1, -1, true, false, addSpacePrefix, template);
    }

    /**
     * The expected bytes are what protoc (protocol buffers 3.21) printed for the same message given in
     * text format against the fields of sentencepiece_model.proto, with {@code --encode}.
     */
    @Test
    void encodesExactlyAsProtocDoes() {
        byte[] bytes = SpmModelProto.write(tinyVocab(), settings(-1, true, Optional.empty()));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "0a0e0a053c756e6b3e150000000018020a0c0a033c733e150000000018030a0d0a043c2f733e150000000018030a0f0a06"
                + "3c307830413e150000000018060a0d0a04e2968161150000c0bf1801123118022005980201c00200c80201d00202d802"
                + "ffffffffffffffffff01ea02053c756e6b3ef202033c733efa02043c2f733e1a100a086964656e74697479180120002801");
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        List<String> pieces = List.of("<unk>", "<s>", "</s>", "<pad>", "<0x0A>", "<0xC3>", A, "\u2581b", "<|user|>",
                "[unused]", "é");
        float[] scores = {0, 0, 0, 0, 0, 0, -1.25f, -2.5f, 0, -1e9f, 3.75f};
        PieceType[] types = {PieceType.UNKNOWN, PieceType.CONTROL, PieceType.CONTROL, PieceType.CONTROL, PieceType.BYTE,
            PieceType.BYTE, PieceType.NORMAL, PieceType.NORMAL, PieceType.USER_DEFINED, PieceType.UNUSED, PieceType.NORMAL};
        SpmSettings settings = new SpmSettings(1, 2, 0, 3, -1, -1, -1, true, false, false, Optional.empty());
        byte[] bytes = SpmModelProto.write(new SpmVocabulary(pieces, scores, types), settings);
        SentencePieceTokenizer t = SpmModelProto.read(bytes, TokenizerConfig.empty(), "tokenizer.model");
        assertThat(t.vocabSize()).isEqualTo(pieces.size());
        for (int id = 0; id < pieces.size(); id++) {
            assertThat(t.tokenText(id)).isEqualTo(pieces.get(id));
            assertThat(t.score(id)).isEqualTo(scores[id]);
            assertThat(t.pieceType(id)).isEqualTo(types[id]);
        }
        assertThat(t.settings()).isEqualTo(settings);
    }

    @Test
    void configTokensAndFlagsTakePrecedenceOverTheTrainerSpec() throws Exception {
        byte[] bytes = SpmModelProto.write(tinyVocab(), settings(-1, true, Optional.empty()));
        TokenizerConfig config = new TokenizerConfig(Optional.of("</s>"), Optional.of("<s>"), Optional.of("<unk>"),
                Optional.empty(), Optional.of(false), Optional.of(true), Optional.of("{{ x }}"), List.of(), OptionalInt.empty());
        SentencePieceTokenizer t = SpmModelProto.read(bytes, config, "tokenizer.model");
        assertThat(t.bosId()).hasValue(2);
        assertThat(t.eosIds()).containsExactly(1);
        assertThat(t.padId()).hasValue(0);
        assertThat(t.addsBos()).isFalse();
        assertThat(t.addsEos()).isTrue();
        assertThat(t.chatTemplate()).hasValue("{{ x }}");

        TokenizerConfig missing = new TokenizerConfig(Optional.of("<bos>"), null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> SpmModelProto.read(bytes, missing, "x/tokenizer.model"))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("bos_token").hasMessageContaining("<bos>").hasMessageContaining("x/tokenizer.model");
    }

    @Test
    void skipsFieldsItDoesNotUseAndAppliesTheSchemaDefaults() throws Exception {
        ProtoWriter model = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "<unk>").varint(3, 2))
                .message(1, new ProtoWriter().string(1, "<s>").varint(3, 3))
                .message(1, new ProtoWriter().string(1, "</s>").varint(3, 3).varint(99, 7))
                .message(1, new ProtoWriter().string(1, A).float32(2, -1f)) // type absent: NORMAL
                .message(2, new ProtoWriter().string(2, "prefix").varint(3, 2).float32(10, 0.9995f))
                .message(3, new ProtoWriter().string(1, "identity").bool(4, false))
                .message(4, new ProtoWriter().message(1, new ProtoWriter().string(1, "in").string(2, "out")));
        SentencePieceTokenizer t = SpmModelProto.read(model.toByteArray(), TokenizerConfig.empty(), "m");
        assertThat(t.vocabSize()).isEqualTo(4);
        assertThat(t.pieceType(3)).isEqualTo(PieceType.NORMAL);
        assertThat(t.score(3)).isEqualTo(-1f);
        assertThat(t.unknownId()).hasValue(0);
        assertThat(t.bosId()).hasValue(1);
        assertThat(t.eosIds()).containsExactly(2);
        assertThat(t.padId()).isEmpty();
        assertThat(t.addsBos()).isTrue();
        assertThat(t.encode("a", false)).containsExactly(3); // the dummy prefix defaults to on
    }

    @Test
    void refusesModelsWhoseEncodingSailWouldGetWrong() {
        ProtoWriter pieces = new ProtoWriter().message(1, new ProtoWriter().string(1, "<unk>").varint(3, 2));
        byte[] unigram = new ProtoWriter().message(1, new ProtoWriter().string(1, "<unk>").varint(3, 2))
                .message(3, new ProtoWriter().bool(4, false)).toByteArray();
        assertThatThrownBy(() -> SpmModelProto.read(unigram, TokenizerConfig.empty(), "m"))
                .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("Unigram");
        byte[] nfkc = pieces.message(2, new ProtoWriter().varint(3, 2))
                .message(3, new ProtoWriter().string(1, "nmt_nfkc").string(2, "\u0001\u0002").bool(4, false)).toByteArray();
        assertThatThrownBy(() -> SpmModelProto.read(nfkc, TokenizerConfig.empty(), "m"))
                .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("nmt_nfkc").hasMessageContaining("charsmap");
        byte[] collapsing = new ProtoWriter().message(1, new ProtoWriter().string(1, "<unk>").varint(3, 2))
                .message(2, new ProtoWriter().varint(3, 2)).toByteArray(); // remove_extra_whitespaces defaults to true
        assertThatThrownBy(() -> SpmModelProto.read(collapsing, TokenizerConfig.empty(), "m"))
                .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("removes extra whitespace");
    }

    @Test
    void malformedBytesAreReportedWithTheFile() {
        byte[] good = SpmModelProto.write(tinyVocab(), settings(-1, true, Optional.empty()));
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> SpmModelProto.read(truncated, TokenizerConfig.empty(), "dir/tokenizer.model"))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("dir/tokenizer.model").hasMessageContaining("not a valid protobuf message");
        assertThatThrownBy(() -> SpmModelProto.read("{\"json\": 1}".getBytes(), TokenizerConfig.empty(), "t.model"))
                .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("t.model");
    }

    @Test
    void refusesToWriteWhatTheSentencepieceLibraryWouldNotLoad() {
        SpmVocabulary noUnknown = new SpmVocabulary(List.of("<s>", A), new float[2],
                new PieceType[] {PieceType.CONTROL, PieceType.NORMAL});
        assertThatThrownBy(() -> SpmModelProto.write(noUnknown, new SpmSettings(0, -1, -1, -1, -1, -1, -1, true, false,
                true, Optional.empty()))).hasMessageContaining("UNKNOWN");
        SpmVocabulary twice = new SpmVocabulary(List.of("<unk>", A, A), new float[3],
                new PieceType[] {PieceType.UNKNOWN, PieceType.NORMAL, PieceType.USER_DEFINED});
        assertThatThrownBy(() -> SpmModelProto.write(twice, settings(-1, true, Optional.empty())))
                .hasMessageContaining("occurs twice");
    }

    @Test
    void theFilesReadBackThroughTheTokenizerConfigAsTransformersWouldReadThem() throws Exception {
        SentencePieceTokenizer original = new SentencePieceTokenizer(tinyVocab(), settings(-1, true, Optional.of("{{ m }}")));
        TokenizerFiles.sentencePiece(original).writeTo(dir);
        assertThat(dir.resolve("tokenizer.model")).exists();
        JsonNode config = new ObjectMapper().readTree(dir.resolve("tokenizer_config.json").toFile());
        assertThat(config.get("tokenizer_class").asText()).isEqualTo("LlamaTokenizer");
        assertThat(config.get("legacy").asBoolean()).isTrue();
        assertThat(config.get("pad_token").isNull()).isTrue();
        assertThat(config.get("added_tokens_decoder").get("1").get("content").asText()).isEqualTo("<s>");
        assertThat(config.get("added_tokens_decoder").get("1").get("special").asBoolean()).isTrue();
        assertThat(config.get("added_tokens_decoder").has("4")).isFalse();
        JsonNode map = new ObjectMapper().readTree(dir.resolve("special_tokens_map.json").toFile());
        assertThat(map.get("bos_token").asText()).isEqualTo("<s>");
        assertThat(map.get("unk_token").asText()).isEqualTo("<unk>");
        assertThat(map.has("pad_token")).isFalse();
        assertThat(Files.readString(dir.resolve("tokenizer_config.json"))).startsWith("{\n  \"add_bos_token\": true,\n");

        SentencePieceTokenizer back = SentencePieceTokenizer.fromModelFile(dir.resolve("tokenizer.model"),
                TokenizerConfig.load(dir.resolve("tokenizer_config.json")));
        assertThat(back.settings()).isEqualTo(original.settings());
        assertThat(back.encode("a\n", true)).containsExactly(original.encode("a\n", true));
    }
}
