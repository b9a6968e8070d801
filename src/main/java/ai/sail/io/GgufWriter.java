package ai.sail.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a GGUF file (version 3, little-endian) of F32 and F16 tensors with typed metadata, laid out
 * as the GGUF specification says: magic {@code GGUF}, version, tensor count, metadata count, the
 * metadata entries, the tensor infos (dimensions innermost first, offsets relative to the data
 * section), padding up to {@code general.alignment} (32 unless the metadata sets another power of
 * two), then each tensor's data starting at a multiple of the alignment.
 *
 * <p>Hand-written, like {@link GgufFile}: there is no maintained Java library that writes GGUF, and
 * the format is small. What goes into the metadata (architecture keys, vocabulary) is the caller's
 * business; this class only encodes it. The file is replaced whole or not at all ({@link AtomicWrite}):
 * a serving engine restarted on it must never see half a model.
 */
public final class GgufWriter {
    static final int MAGIC = 0x4655_4747; // "GGUF" read little-endian
    static final int VERSION = 3;
    /** Values encoded per buffer while writing tensor data, so a large tensor needs no second full copy. */
    private static final int CHUNK_VALUES = 1 << 20;

    /**
     * One tensor to write.
     *
     * @param name the GGUF tensor name ({@code blk.0.attn_q.weight})
     * @param shape dimensions outermost first, as {@link GgufFile#shape} reports them (written reversed)
     * @param type {@link GgmlType#F32} or {@link GgmlType#F16}
     * @param values row-major values, as many as the shape holds
     */
    public record Tensor(String name, long[] shape, GgmlType type, float[] values) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(values, "values");
            if (type != GgmlType.F32 && type != GgmlType.F16) {
                throw new IllegalArgumentException("tensor '" + name + "': only F32 and F16 can be written, not " + type);
            }
            if (shape.length == 0 || shape.length > 4) {
                throw new IllegalArgumentException("tensor '" + name + "' has " + shape.length
                        + " dimensions; GGUF tensors have 1 to 4");
            }
            long n = 1;
            for (long d : shape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape));
                }
                n = Math.multiplyExact(n, d);
            }
            if (n != values.length) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + " (" + n + " values) but " + values.length + " values were given");
            }
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        long byteSize() {
            return type.byteSize(values.length);
        }
    }

    private GgufWriter() {}

    /**
     * Replaces {@code file} with a GGUF file holding {@code metadata} (in the map's iteration order) and
     * {@code tensors} (in list order).
     */
    public static void write(Path file, Map<String, GgufValue> metadata, List<Tensor> tensors) throws IOException {
        long alignment = alignment(metadata);
        Set<String> names = new HashSet<>();
        for (Tensor t : tensors) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is given twice");
            }
        }
        long[] offsets = new long[tensors.size()];
        long next = 0;
        for (int i = 0; i < tensors.size(); i++) {
            offsets[i] = next;
            next = GgufHeaderParser.alignUp(next + tensors.get(i).byteSize(), alignment);
        }
        byte[] header = header(metadata, tensors, offsets);
        long dataStart = GgufHeaderParser.alignUp(header.length, alignment);
        AtomicWrite.file(file, out -> {
            writeFully(out, ByteBuffer.wrap(header));
            long position = header.length;
            for (int i = 0; i < tensors.size(); i++) {
                position = pad(out, position, dataStart + offsets[i]);
                writeData(out, tensors.get(i));
                position += tensors.get(i).byteSize();
            }
            pad(out, position, GgufHeaderParser.alignUp(position, alignment));
        });
    }

    private static long alignment(Map<String, GgufValue> metadata) {
        GgufValue a = metadata.get(GgufHeaderParser.ALIGNMENT_KEY);
        if (a == null) {
            return GgufHeaderParser.DEFAULT_ALIGNMENT;
        }
        if (a.type() != GgufValueType.UINT32 || (Long) a.value() <= 0 || Long.bitCount((Long) a.value()) != 1) {
            throw new IllegalArgumentException(GgufHeaderParser.ALIGNMENT_KEY + " must be a UINT32 power of two, got " + a);
        }
        return (Long) a.value();
    }

    private static byte[] header(Map<String, GgufValue> metadata, List<Tensor> tensors, long[] offsets) {
        Encoder e = new Encoder();
        e.i32(MAGIC);
        e.i32(VERSION);
        e.i64(tensors.size());
        e.i64(metadata.size());
        metadata.forEach((key, value) -> {
            e.string(key);
            e.i32(value.type().id());
            if (value.type() == GgufValueType.ARRAY) {
                List<?> list = (List<?>) value.value();
                e.i32(value.elementType().id());
                e.i64(list.size());
                list.forEach(element -> e.scalar(value.elementType(), element));
            } else {
                e.scalar(value.type(), value.value());
            }
        });
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            long[] shape = t.shape();
            e.string(t.name());
            e.i32(shape.length);
            for (int d = shape.length - 1; d >= 0; d--) {
                e.i64(shape[d]); // GGUF lists dimensions innermost first
            }
            e.i32(t.type().id());
            e.i64(offsets[i]);
        }
        return e.toByteArray();
    }

    private static void writeData(FileChannel out, Tensor t) throws IOException {
        float[] v = t.values();
        int width = t.type() == GgmlType.F32 ? 4 : 2;
        ByteBuffer buf = ByteBuffer.allocate(Math.min(v.length, CHUNK_VALUES) * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < v.length; from += CHUNK_VALUES) {
            int to = Math.min(v.length, from + CHUNK_VALUES);
            buf.clear();
            for (int i = from; i < to; i++) {
                if (width == 4) {
                    buf.putFloat(v[i]);
                } else {
                    buf.putShort(Float16.fromFloat(v[i]));
                }
            }
            buf.flip();
            writeFully(out, buf);
        }
    }

    /** Writes zeros from {@code position} up to {@code target}; returns {@code target}. */
    private static long pad(FileChannel out, long position, long target) throws IOException {
        if (target > position) {
            writeFully(out, ByteBuffer.allocate((int) (target - position)));
        }
        return target;
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    /** Little-endian encoding of the header's scalars and strings. */
    private static final class Encoder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void i32(int v) {
            scratch.clear();
            bytes.write(scratch.putInt(v).array(), 0, 4);
        }

        void i64(long v) {
            scratch.clear();
            bytes.write(scratch.putLong(v).array(), 0, 8);
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            i64(utf8.length);
            bytes.writeBytes(utf8);
        }

        void scalar(GgufValueType type, Object value) {
            switch (type) {
                case UINT8, INT8 -> bytes.write((int) (long) (Long) value);
                case UINT16, INT16 -> {
                    scratch.clear();
                    bytes.write(scratch.putShort((short) (long) (Long) value).array(), 0, 2);
                }
                case UINT32, INT32 -> i32((int) (long) (Long) value);
                case UINT64, INT64 -> i64((Long) value);
                case FLOAT32 -> i32(Float.floatToRawIntBits((float) (double) (Double) value));
                case FLOAT64 -> i64(Double.doubleToRawLongBits((Double) value));
                case BOOL -> bytes.write((Boolean) value ? 1 : 0);
                case STRING -> string((String) value);
                case ARRAY -> throw new IllegalArgumentException("nested GGUF arrays are not written");
            }
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
