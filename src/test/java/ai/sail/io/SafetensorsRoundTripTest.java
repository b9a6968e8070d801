package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    private static final float SUBNORMAL_HALF = 0x1p-24f; // half 0x0001

    private static final float[] VALUES = {1.0f, -2.0f, 0.5f, Float.POSITIVE_INFINITY, SUBNORMAL_HALF, 0.0f};

    private static short[] shorts(ByteBuffer raw) {
        short[] s = new short[raw.remaining() / 2];
        raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    @Test
    void f32RoundTripKeepsEveryBit() throws IOException {
        float[] values = {1.0f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 3.14159f};
        Path file = dir.resolve("f32.safetensors");
        SafetensorsWriter.write(file, Map.of("w", new SafetensorsWriter.Tensor(new long[] {2, 3}, values)), Map.of());

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.names()).containsExactly("w");
            assertThat(st.shape("w")).containsExactly(2, 3);
            assertThat(st.dtypeName("w")).isEqualTo("F32");
            float[] read = st.readFloats("w");
            assertThat(read).hasSameSizeAs(values);
            for (int i = 0; i < values.length; i++) {
                assertThat(Float.floatToRawIntBits(read[i])).isEqualTo(Float.floatToRawIntBits(values[i]));
            }
            ByteBuffer raw = st.rawBytes("w");
            assertThat(raw.isReadOnly()).isTrue();
            assertThat(raw.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(raw.getInt(0)).isEqualTo(0x3F80_0000);
            assertThat(st.metadata()).isEmpty();
        }
    }

    @Test
    void f16StoresHandComputedBits() throws IOException {
        Path file = dir.resolve("f16.safetensors");
        SafetensorsWriter.write(file,
                Map.of("h", new SafetensorsWriter.Tensor(new long[] {6}, VALUES, SafetensorsDType.F16)), Map.of());

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.dtype("h")).isEqualTo(SafetensorsDType.F16);
            assertThat(shorts(st.rawBytes("h")))
                    .containsExactly((short) 0x3C00, (short) 0xC000, (short) 0x3800, (short) 0x7C00, (short) 0x0001, (short) 0);
            assertThat(st.readFloats("h")).containsExactly(VALUES);
        }
    }

    @Test
    void bf16StoresHandComputedBitsRoundingToNearestEven() throws IOException {
        float tieToEven = Float.intBitsToFloat(0x3F80_8000); // halfway between 0x3F80 and 0x3F81
        float tieUp = Float.intBitsToFloat(0x3F81_8000); // halfway between 0x3F81 and 0x3F82
        float[] values = {1.0f, -2.0f, Float.POSITIVE_INFINITY, tieToEven, tieUp};
        Path file = dir.resolve("bf16.safetensors");
        SafetensorsWriter.write(file,
                Map.of("b", new SafetensorsWriter.Tensor(new long[] {5}, values, SafetensorsDType.BF16)), Map.of());

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.dtypeName("b")).isEqualTo("BF16");
            assertThat(shorts(st.rawBytes("b")))
                    .containsExactly((short) 0x3F80, (short) 0xC000, (short) 0x7F80, (short) 0x3F80, (short) 0x3F82);
            assertThat(st.readFloats("b")).containsExactly(1.0f, -2.0f, Float.POSITIVE_INFINITY, 1.0f,
                    Float.intBitsToFloat(0x3F82_0000));
        }
    }

    @Test
    void layoutFollowsTheReferenceLibrary() throws IOException {
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b.half", new SafetensorsWriter.Tensor(new long[] {1}, new float[] {1f}, SafetensorsDType.F16));
        tensors.put("z.full", new SafetensorsWriter.Tensor(new long[] {1}, new float[] {2f}));
        tensors.put("a.brain", new SafetensorsWriter.Tensor(new long[] {1}, new float[] {3f}, SafetensorsDType.BF16));
        tensors.put("a.full", new SafetensorsWriter.Tensor(new long[] {}, new float[] {4f}));
        Path file = dir.resolve("mixed.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "quote \" backslash \\ newline \n tab \t bell \u0007 e-acute \u00e9");
        SafetensorsWriter.write(file, tensors, metadata);

        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + n) % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        // F32 before BF16 before F16 (the reference dtype order), names ascending within a type,
        // offsets back to back, metadata first with serde_json's escapes.
        assertThat(header.stripTrailing()).isEqualTo("{\"__metadata__\":{\"format\":\"pt\",\"note\":"
                + "\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 e-acute \u00e9\"},"
                + "\"a.full\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"z.full\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a.brain\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[8,10]},"
                + "\"b.half\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[10,12]}}");
        assertThat(bytes.length).isEqualTo(8 + n + 12);

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.names()).containsExactly("a.full", "z.full", "a.brain", "b.half");
            assertThat(st.metadata()).containsExactlyEntriesOf(metadata);
            assertThat(st.readFloats("a.full")).containsExactly(4f);
            assertThat(st.shape("a.full")).isEmpty();
            assertThat(st.readFloats("b.half")).containsExactly(1f);
        }
    }

    @Test
    void emptyCheckpointMatchesTheReferenceBytes() throws IOException {
        // The reference library serialises no tensors and no metadata as "{}" padded to 8 bytes.
        Path file = dir.resolve("empty.safetensors");
        SafetensorsWriter.write(file, Map.of(), Map.of());
        assertThat(Files.readAllBytes(file)).containsExactly(8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' ');
    }

    @Test
    void writingReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, Map.of("x", new SafetensorsWriter.Tensor(new long[] {1}, new float[] {1f})), Map.of());
        SafetensorsWriter.write(file, Map.of("y", new SafetensorsWriter.Tensor(new long[] {2}, new float[] {5f, 6f})), Map.of());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.names()).containsExactly("y");
            assertThat(st.readFloats("y")).containsExactly(5f, 6f);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void readsAcrossMappingWindowsForEveryType() throws IOException {
        // 8-byte windows force every multi-element tensor to be read in several mappings.
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        float[] values = new float[37];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 3f;
        }
        for (SafetensorsDType t : new SafetensorsDType[] {SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.BF16}) {
            tensors.put(t.name(), new SafetensorsWriter.Tensor(new long[] {37}, values, t));
        }
        Path file = dir.resolve("windows.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        try (SafetensorsFile st = SafetensorsFile.open(file, 8)) {
            for (String name : st.names()) {
                assertThat(st.readFloats(name)).as(name).containsExactly(values);
            }
        }
    }

    @Test
    void integerAndDoubleTypesAreConverted() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(0, 2.5).putDouble(8, -1e300);       // F64 [0,16)
        data.putLong(16, -7L).putLong(24, -1L);             // I64 [16,32) ; U64 [24,32) is 2^64-1
        data.putInt(32, -100000).putInt(36, -1);            // I32 [32,36) ; U32 [36,40) is 2^32-1
        data.putShort(40, (short) -3).putShort(42, (short) 0xFFFF); // I16 [40,42) ; U16 [42,44)
        data.put(44, (byte) -128).put(45, (byte) 200).put(46, (byte) 1).put(47, (byte) 0); // I8, U8, BOOL x2
        String json = "{"
                + "\"f64\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]},"
                + "\"u64\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[24,32]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[32,36]},"
                + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[36,40]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[40,42]},"
                + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[42,44]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[44,45]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[45,46]},"
                + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[46,48]}}";
        Path file = RawSafetensors.write(dir.resolve("ints.safetensors"), json, data.array());
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.readFloats("f64")).containsExactly(2.5f, Float.NEGATIVE_INFINITY);
            assertThat(st.readFloats("i64")).containsExactly(-7f);
            assertThat(st.readFloats("u64")).containsExactly(0x1p64f);
            assertThat(st.readFloats("i32")).containsExactly(-100000f);
            assertThat(st.readFloats("u32")).containsExactly(0x1p32f);
            assertThat(st.readFloats("i16")).containsExactly(-3f);
            assertThat(st.readFloats("u16")).containsExactly(65535f);
            assertThat(st.readFloats("i8")).containsExactly(-128f);
            assertThat(st.readFloats("u8")).containsExactly(200f);
            assertThat(st.readFloats("bool")).containsExactly(1f, 0f);
            assertThat(st.names()).startsWith("f64", "i64", "u64");
        }
    }

    @Test
    void unknownTensorAndClosedFileAreClearErrors() throws IOException {
        Path file = dir.resolve("one.safetensors");
        SafetensorsWriter.write(file, Map.of("x", new SafetensorsWriter.Tensor(new long[] {1}, new float[] {1f})), Map.of());
        SafetensorsFile st = SafetensorsFile.open(file);
        assertThatThrownBy(() -> st.readFloats("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one.safetensors").hasMessageContaining("'nope'");
        st.close();
        assertThatThrownBy(() -> st.readFloats("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void writerRejectsBadInput() {
        assertThatThrownBy(() -> new SafetensorsWriter.Tensor(new long[] {2, 2}, new float[3]))
                .hasMessageContaining("4 elements but 3 values");
        assertThatThrownBy(() -> new SafetensorsWriter.Tensor(new long[] {1}, new float[1], SafetensorsDType.I32))
                .hasMessageContaining("F32, F16 or BF16");
        assertThatThrownBy(() -> SafetensorsWriter.write(dir.resolve("x.safetensors"),
                Map.of("__metadata__", new SafetensorsWriter.Tensor(new long[] {1}, new float[1])), Map.of()))
                .hasMessageContaining("reserved");
    }
}
