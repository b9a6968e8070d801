package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GGUF writer against an independent encoding of the specification ({@link GgufTestWriter}), and
 * against Sail's reader: metadata with its types, F32 values bit for bit, F16 values rounded to
 * nearest even, and data aligned as the file says.
 */
class GgufWriterTest {
    @TempDir
    Path tmp;

    private static Map<String, GgufValue> metadata() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.string("llama"));
        m.put("llama.block_count", GgufValue.uint32(5));
        m.put("llama.attention.layer_norm_rms_epsilon", GgufValue.float32(1e-5f));
        m.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        m.put("tokenizer.ggml.tokens", GgufValue.strings(List.of("<unk>", "▁Once", "é")));
        m.put("tokenizer.ggml.scores", GgufValue.float32s(new float[] {0f, -1.5f, -2.25f}));
        m.put("tokenizer.ggml.token_type", GgufValue.int32s(new int[] {2, 1, 6}));
        return m;
    }

    private static final float[] EIGHT = {0f, 1f, -2.5f, 3.1415927f, 1e-8f, -65504f, 7e5f, Float.MIN_NORMAL};

    @Test
    void bytesAreThoseOfAnIndependentEncodingOfTheSpecification() throws Exception {
        float[] sixteen = new float[16];
        for (int i = 0; i < 16; i++) {
            sixteen[i] = (i - 7) * 0.37f;
        }
        Path file = tmp.resolve("m.gguf");
        GgufWriter.write(file, metadata(), List.of(
                new GgufWriter.Tensor("a.weight", new long[] {2, 4}, GgmlType.F32, EIGHT),
                new GgufWriter.Tensor("b.weight", new long[] {16}, GgmlType.F16, sixteen)));

        byte[] f16 = new byte[32];
        for (int i = 0; i < 16; i++) {
            short h = Float16.fromFloat(sixteen[i]);
            f16[2 * i] = (byte) h;
            f16[2 * i + 1] = (byte) (h >> 8);
        }
        byte[] f32 = new byte[32];
        java.nio.ByteBuffer.wrap(f32).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(EIGHT);
        byte[] expected = new GgufTestWriter()
                .string("general.architecture", "llama")
                .u32("llama.block_count", 5)
                .kv("llama.attention.layer_norm_rms_epsilon", GgufValueType.FLOAT32, 1e-5f)
                .kv("tokenizer.ggml.add_bos_token", GgufValueType.BOOL, true)
                .array("tokenizer.ggml.tokens", GgufValueType.STRING, List.of("<unk>", "▁Once", "é"))
                .array("tokenizer.ggml.scores", GgufValueType.FLOAT32, List.of(0f, -1.5f, -2.25f))
                .array("tokenizer.ggml.token_type", GgufValueType.INT32, List.of(2, 1, 6))
                .tensor("a.weight", new long[] {4, 2}, GgmlType.F32, f32)
                .tensor("b.weight", new long[] {16}, GgmlType.F16, f16)
                .toBytes();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    @Test
    void sailsReaderGetsBackTheMetadataWithItsTypesAndTheValues() throws Exception {
        float[] odd = {1f, 2f, 3f}; // 12 bytes: the next tensor must still start aligned
        float[] wide = new float[6];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = 1f / (i + 3);
        }
        Map<String, GgufValue> meta = metadata();
        meta.put("general.alignment", GgufValue.uint32(64));
        Path file = tmp.resolve("m.gguf");
        GgufWriter.write(file, meta, List.of(
                new GgufWriter.Tensor("odd", new long[] {3}, GgmlType.F32, odd),
                new GgufWriter.Tensor("wide", new long[] {3, 2}, GgmlType.F16, wide)));

        try (GgufFile g = GgufFile.open(file)) {
            assertThat(g.version()).isEqualTo(3);
            assertThat(g.alignment()).isEqualTo(64);
            assertThat(g.dataStart() % 64).isZero();
            for (Map.Entry<String, GgufValue> e : meta.entrySet()) {
                assertThat(g.metadata().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().value());
                assertThat(g.metadataType(e.getKey())).contains(e.getValue().type());
            }
            assertThat(g.tensors()).allSatisfy(t -> assertThat(t.offset() % 64).isZero());
            assertThat(g.readFloats("odd")).containsExactly(odd);
            assertThat(g.shape("wide")).containsExactly(3, 2);
            assertThat(g.dtypeName("wide")).isEqualTo("F16");
            float[] back = g.readFloats("wide");
            for (int i = 0; i < wide.length; i++) {
                assertThat(back[i]).isEqualTo(Float16.toFloat(Float16.fromFloat(wide[i])));
                assertThat(back[i]).isCloseTo(wide[i], org.assertj.core.data.Percentage.withPercentage(0.05));
            }
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndBadInputIsRefusedByName() throws Exception {
        Path file = tmp.resolve("m.gguf");
        Files.writeString(file, "previous");
        assertThatThrownBy(() -> GgufWriter.write(file, metadata(), List.of(
                new GgufWriter.Tensor("t", new long[] {1}, GgmlType.F32, new float[] {1f}),
                new GgufWriter.Tensor("t", new long[] {1}, GgmlType.F32, new float[] {2f}))))
                .hasMessageContaining("'t' is given twice");
        assertThatThrownBy(() -> new GgufWriter.Tensor("q", new long[] {32}, GgmlType.Q8_0, new float[32]))
                .hasMessageContaining("only F32 and F16");
        assertThatThrownBy(() -> new GgufWriter.Tensor("s", new long[] {2, 3}, GgmlType.F32, new float[5]))
                .hasMessageContaining("'s' has shape [2, 3] (6 values) but 5 values");
        assertThatThrownBy(() -> GgufValue.uint32(-1)).hasMessageContaining("UINT32");
        assertThat(Files.readString(file)).isEqualTo("previous");
        try (var s = Files.list(tmp)) {
            assertThat(s).hasSize(1); // no temporary file left behind
        }
    }
}
