package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.sail.io.GgufTestWriter.ArrayValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GGUF files written by hand in a temporary folder: every metadata type, both versions, the decoders, the errors. */
class GgufFileTest {
    @TempDir
    Path dir;

    private static GgufTestWriter everyMetadataType(int version) {
        return new GgufTestWriter()
                .version(version)
                .kv("t.u8", GgufValueType.UINT8, 200)
                .kv("t.i8", GgufValueType.INT8, -5)
                .kv("t.u16", GgufValueType.UINT16, 65535)
                .kv("t.i16", GgufValueType.INT16, -30000)
                .kv("t.u32", GgufValueType.UINT32, 4_000_000_000L)
                .kv("t.i32", GgufValueType.INT32, -123456)
                .kv("t.f32", GgufValueType.FLOAT32, 0.1f)
                .kv("t.bool", GgufValueType.BOOL, true)
                .kv("t.false", GgufValueType.BOOL, false)
                .kv("t.string", GgufValueType.STRING, "héllo ☃")
                .kv("t.u64", GgufValueType.UINT64, -1L)
                .kv("t.i64", GgufValueType.INT64, Long.MIN_VALUE)
                .kv("t.f64", GgufValueType.FLOAT64, Math.PI)
                .array("t.bytes", GgufValueType.UINT8, List.of(1, 255))
                .array("t.strings", GgufValueType.STRING, List.of("a", "", "▁b"))
                .array("t.empty", GgufValueType.FLOAT32, List.of())
                .array("t.nested", GgufValueType.ARRAY, List.of(
                        new ArrayValue(GgufValueType.INT32, List.of(1, -2)),
                        new ArrayValue(GgufValueType.INT32, List.of()),
                        new ArrayValue(GgufValueType.ARRAY, List.of(
                                new ArrayValue(GgufValueType.STRING, List.of("deep"))))))
                .array("t.mixed", GgufValueType.BOOL, List.of(true, false, true));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void readsEveryMetadataTypeInFileOrder(int version) throws Exception {
        Path file = everyMetadataType(version).write(dir.resolve("all.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.version()).isEqualTo(version);
            assertThat(gguf.alignment()).isEqualTo(32);
            assertThat(gguf.names()).isEmpty();
            assertThat(gguf.metadata().keySet()).containsExactly("t.u8", "t.i8", "t.u16", "t.i16", "t.u32", "t.i32",
                    "t.f32", "t.bool", "t.false", "t.string", "t.u64", "t.i64", "t.f64", "t.bytes", "t.strings",
                    "t.empty", "t.nested", "t.mixed");
            assertThat(gguf.metadata().get("t.u8")).isEqualTo(200L);
            assertThat(gguf.metadata().get("t.i8")).isEqualTo(-5L);
            assertThat(gguf.metadata().get("t.u16")).isEqualTo(65535L);
            assertThat(gguf.metadata().get("t.i16")).isEqualTo(-30000L);
            assertThat(gguf.metadata().get("t.u32")).isEqualTo(4_000_000_000L);
            assertThat(gguf.metadata().get("t.i32")).isEqualTo(-123456L);
            assertThat(gguf.metadata().get("t.f32")).isEqualTo((double) 0.1f);
            assertThat(gguf.metadata().get("t.bool")).isEqualTo(true);
            assertThat(gguf.getBoolean("t.false")).isFalse();
            assertThat(gguf.getString("t.string")).isEqualTo("héllo ☃");
            assertThat(Long.toUnsignedString(gguf.getLong("t.u64"))).isEqualTo("18446744073709551615");
            assertThat(gguf.getDouble("t.u64")).isEqualTo(0x1p64);
            assertThat(gguf.getLong("t.i64")).isEqualTo(Long.MIN_VALUE);
            assertThat(gguf.getDouble("t.f64")).isEqualTo(Math.PI);
            assertThat(gguf.getList("t.bytes")).containsExactly(1L, 255L);
            assertThat(gguf.getList("t.strings")).containsExactly("a", "", "▁b");
            assertThat(gguf.getList("t.empty")).isEmpty();
            assertThat(gguf.getList("t.nested")).containsExactly(List.of(1L, -2L), List.of(), List.of(List.of("deep")));
            assertThat(gguf.getList("t.mixed")).containsExactly(true, false, true);
            assertThat(gguf.metadataType("t.u16")).contains(GgufValueType.UINT16);
        }
    }

    @Test
    void typedGettersNameTheKeyAndTheExpectedType() throws Exception {
        Path file = everyMetadataType(3).write(dir.resolve("typed.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.getDouble("t.i32")).isEqualTo(-123456.0);
            assertThat(gguf.getInt("t.u16")).isEqualTo(65535);
            assertThat(gguf.getString("no.such", "fallback")).isEqualTo("fallback");
            assertThat(gguf.getLong("no.such", 7)).isEqualTo(7);
            assertThat(gguf.getBoolean("no.such", true)).isTrue();
            assertThat(gguf.findList("no.such")).isEmpty();
            assertThat(gguf.findLong("t.u8")).hasValue(200);

            assertThatThrownBy(() -> gguf.getString("t.u32"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("typed.gguf").hasMessageContaining("'t.u32'")
                    .hasMessageContaining("UINT32").hasMessageContaining("expected a string");
            assertThatThrownBy(() -> gguf.getLong("missing.key"))
                    .hasMessageContaining("typed.gguf").hasMessageContaining("'missing.key'")
                    .hasMessageContaining("missing").hasMessageContaining("an integer");
            assertThatThrownBy(() -> gguf.getLong("t.f32")).hasMessageContaining("'t.f32'").hasMessageContaining("integer");
            assertThatThrownBy(() -> gguf.getList("t.string")).hasMessageContaining("'t.string'").hasMessageContaining("array");
            assertThatThrownBy(() -> gguf.getBoolean("t.u8")).hasMessageContaining("'t.u8'").hasMessageContaining("boolean");
            assertThatThrownBy(() -> gguf.getDouble("t.string")).hasMessageContaining("a number");
            // A present but mistyped key is an error even where a missing one would take the default.
            assertThatThrownBy(() -> gguf.getString("t.i8", "x")).hasMessageContaining("'t.i8'");
            assertThatThrownBy(() -> gguf.getInt("t.u32")).hasMessageContaining("does not fit in an int");
        }
    }

    @Test
    void decodesF16WithShapeReversed() throws Exception {
        short[] halves = {0x3C00, (short) 0xC000, 0x3555, 0x0001, 0x03FF, (short) 0x8000, 0x7BFF, (short) 0xFC00};
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            data.putShort(h);
        }
        Path file = new GgufTestWriter()
                .tensor("half", new long[] {4, 2}, GgmlType.F16, data.array())
                .write(dir.resolve("f16.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.shape("half")).containsExactly(2, 4);
            assertThat(gguf.dtypeName("half")).isEqualTo("F16");
            assertThat(gguf.readFloats("half")).containsExactly(
                    1f, -2f, 0.333251953125f, 0x1p-24f, 1023 * 0x1p-24f, -0f, 65504f, Float.NEGATIVE_INFINITY);
        }
    }

    @Test
    void dequantisesQ8_0BlockByBlock() throws Exception {
        // Block 0: scale 0.5 (f16 0x3800), q = j - 16. Block 1: scale f16 0x2E66 = 1638/16384, q = 127, -128, 0, 1, 2, ...
        ByteBuffer data = ByteBuffer.allocate(68).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3800);
        for (int j = 0; j < 32; j++) {
            data.put((byte) (j - 16));
        }
        byte[] q1 = new byte[32];
        q1[0] = 127;
        q1[1] = -128;
        for (int j = 2; j < 32; j++) {
            q1[j] = (byte) (j - 2);
        }
        data.putShort((short) 0x2E66).put(q1);

        float[] expected = new float[64];
        for (int j = 0; j < 32; j++) {
            expected[j] = 0.5f * (j - 16);
        }
        float d1 = 1638f / 16384f; // 0.0999755859375, the f16 nearest 0.1
        for (int j = 0; j < 32; j++) {
            expected[32 + j] = d1 * q1[j];
        }
        assertThat(expected[33]).isEqualTo(-12.796875f);

        Path file = new GgufTestWriter()
                .tensor("q", new long[] {32, 2}, GgmlType.Q8_0, data.array())
                .write(dir.resolve("q8.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.shape("q")).containsExactly(2, 32);
            assertThat(gguf.dtypeName("q")).isEqualTo("Q8_0");
            assertThat(gguf.tensor("q").byteSize()).isEqualTo(68);
            assertThat(gguf.readFloats("q")).containsExactly(expected);
        }
    }

    @Test
    void honoursACustomAlignmentAndKeepsTensorsApart() throws Exception {
        ByteBuffer f32 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-0.25f).putFloat(3f);
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3FC0).putShort((short) 0xC100);
        Path file = new GgufTestWriter()
                .alignment(64)
                .tensor("a", new long[] {3}, GgmlType.F32, f32.array())
                .tensor("b", new long[] {1, 2, 1}, GgmlType.BF16, bf16.array())
                .write(dir.resolve("aligned.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.alignment()).isEqualTo(64);
            assertThat(gguf.dataStart() % 64).isZero();
            assertThat(gguf.tensor("b").offset()).isEqualTo(64);
            assertThat(gguf.readFloats("a")).containsExactly(1.5f, -0.25f, 3f);
            assertThat(gguf.shape("b")).containsExactly(1, 2, 1);
            assertThat(gguf.readFloats("b")).containsExactly(1.5f, -8f);
        }
    }

    @Test
    void unsupportedTypeFailsNamingTensorAndType() throws Exception {
        Path file = new GgufTestWriter()
                .tensor("blk.0.ffn_up.weight", new long[] {256, 1}, GgmlType.Q4_K, new byte[144])
                .write(dir.resolve("q4k.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.dtypeName("blk.0.ffn_up.weight")).isEqualTo("Q4_K");
            assertThat(gguf.shape("blk.0.ffn_up.weight")).containsExactly(1, 256);
            assertThatThrownBy(() -> gguf.readFloats("blk.0.ffn_up.weight"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("q4k.gguf")
                    .hasMessageContaining("blk.0.ffn_up.weight")
                    .hasMessageContaining("Q4_K");
            assertThatThrownBy(() -> gguf.readFloats("nope"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("q4k.gguf").hasMessageContaining("'nope'");
        }
    }

    @Test
    void rejectsBadMagic() throws Exception {
        Path file = new GgufTestWriter().magic(0x4C4C_4747).write(dir.resolve("ggll.gguf"));
        assertThatThrownBy(() -> GgufFile.open(file))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("ggll.gguf")
                .hasMessageContaining("not a GGUF file");
        Path tiny = Files.write(dir.resolve("tiny.gguf"), new byte[] {'G', 'G'});
        assertThatThrownBy(() -> GgufFile.open(tiny)).isInstanceOf(GgufFormatException.class).hasMessageContaining("tiny.gguf");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 0x0300_0000})
    void rejectsOtherVersions(int version) throws Exception {
        Path file = new GgufTestWriter().version(version).write(dir.resolve("v.gguf"));
        assertThatThrownBy(() -> GgufFile.open(file))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("v.gguf")
                .hasMessageContaining(version == 0x0300_0000 ? "big-endian" : "version " + version);
    }

    /** Every strict prefix of a valid file fails with a format error naming the file, never another exception. */
    @Test
    void everyTruncationIsReported() throws Exception {
        byte[] bytes = everyMetadataType(3)
                .tensor("w", new long[] {2}, GgmlType.F32, new byte[8])
                .toBytes();
        Path file = dir.resolve("cut.gguf");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(file, Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> GgufFile.open(file))
                    .as("prefix of %d bytes", length)
                    .isInstanceOf(GgufFormatException.class)
                    .hasMessageContaining("cut.gguf");
        }
        Files.write(file, bytes);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.readFloats("w")).containsExactly(0f, 0f);
        }
    }

    @Test
    void truncatedHeaderAndTruncatedDataSayWhatIsMissing() throws Exception {
        byte[] bytes = new GgufTestWriter()
                .string("general.architecture", "llama")
                .tensor("token_embd.weight", new long[] {4, 4}, GgmlType.F32, new byte[64])
                .toBytes();
        Path header = Files.write(dir.resolve("header.gguf"), Arrays.copyOf(bytes, 30));
        assertThatThrownBy(() -> GgufFile.open(header))
                .hasMessageContaining("header.gguf").hasMessageContaining("truncated");
        Path data = Files.write(dir.resolve("data.gguf"), Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> GgufFile.open(data))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("data.gguf")
                .hasMessageContaining("token_embd.weight")
                .hasMessageContaining("past the end of the file");
    }

    @Test
    void rejectsUnknownTypeIdsAndRaggedBlocks() throws Exception {
        Path removed = new GgufTestWriter().tensor("old", new long[] {32}, 4, new byte[20]).write(dir.resolve("removed.gguf"));
        assertThatThrownBy(() -> GgufFile.open(removed))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("'old'").hasMessageContaining("type id 4");
        Path ragged = new GgufTestWriter().tensor("r", new long[] {16}, GgmlType.Q8_0, new byte[34]).write(dir.resolve("ragged.gguf"));
        assertThatThrownBy(() -> GgufFile.open(ragged))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("'r'").hasMessageContaining("block size 32");
    }

    /** A sparse file of about 2.5 GiB: the second tensor's data lies beyond what one int offset can address. */
    @Test
    void readsTensorsBeyondTwoGibibytes() throws Exception {
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > (3L << 30),
                "needs room for a 2.5 GiB file in case the file system cannot store it sparsely");
        long bigValues = 640L << 20; // 2.5 GiB of F32, never read
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(42f).putFloat(-7.5f);
        Path file = new GgufTestWriter()
                .reserve("big", new long[] {bigValues}, GgmlType.F32, bigValues * 4)
                .tensor("tail", new long[] {2}, GgmlType.F32, tail.array())
                .write(dir.resolve("large.gguf"));
        assertThat(Files.size(file)).isGreaterThan(1L << 31);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThat(gguf.tensor("tail").offset()).isEqualTo(bigValues * 4);
            assertThat(gguf.shape("big")).containsExactly(bigValues);
            assertThat(gguf.readFloats("tail")).containsExactly(42f, -7.5f);
        }
    }

    @Test
    void typeTableMatchesGgml() {
        assertThat(GgmlType.byId(2)).contains(GgmlType.Q4_0);
        assertThat(GgmlType.byId(8)).contains(GgmlType.Q8_0);
        assertThat(GgmlType.byId(12)).contains(GgmlType.Q4_K);
        assertThat(GgmlType.byId(30)).contains(GgmlType.BF16);
        assertThat(GgmlType.byId(4)).isEmpty();
        assertThat(GgmlType.byId(-1)).isEmpty();
        assertThat(GgmlType.Q8_0.bytesPerBlock()).isEqualTo(34);
        assertThat(GgmlType.Q4_K.byteSize(512)).isEqualTo(288);
        assertThat(GgmlType.Q6_K.bytesPerBlock()).isEqualTo(210);
    }
}
