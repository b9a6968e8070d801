package ai.sail.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small GGUF files for tests, byte by byte after the specification, independently of the
 * reader. Values are given with their GGUF type so every type, and arrays of arrays, can be
 * produced; tensors are given as raw bytes so tests control exactly what is on disk.
 */
public final class GgufTestWriter {

    /** An ARRAY value: the element type and the elements (which are {@code ArrayValue}s for nested arrays). */
    public record ArrayValue(GgufValueType elementType, List<?> elements) {}

    private record Entry(String key, GgufValueType type, Object value) {}

    private record Tensor(String name, long[] dims, int typeId, byte[] data, long byteSize) {}

    private int version = 3;
    private int magic = 0x4655_4747;
    private long alignment = 32;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufTestWriter version(int v) {
        this.version = v;
        return this;
    }

    /** Writes these four bytes (read little-endian) instead of "GGUF". */
    public GgufTestWriter magic(int m) {
        this.magic = m;
        return this;
    }

    /** Sets general.alignment (UINT32) and pads the data to it. */
    public GgufTestWriter alignment(long a) {
        this.alignment = a;
        return kv("general.alignment", GgufValueType.UINT32, a);
    }

    public GgufTestWriter kv(String key, GgufValueType type, Object value) {
        entries.add(new Entry(key, type, value));
        return this;
    }

    public GgufTestWriter string(String key, String value) {
        return kv(key, GgufValueType.STRING, value);
    }

    public GgufTestWriter u32(String key, long value) {
        return kv(key, GgufValueType.UINT32, value);
    }

    public GgufTestWriter array(String key, GgufValueType elementType, List<?> elements) {
        return kv(key, GgufValueType.ARRAY, new ArrayValue(elementType, elements));
    }

    /** A tensor; {@code dims} in GGUF order (innermost first). */
    public GgufTestWriter tensor(String name, long[] dims, GgmlType type, byte[] data) {
        return tensor(name, dims, type.id(), data);
    }

    public GgufTestWriter tensor(String name, long[] dims, int typeId, byte[] data) {
        tensors.add(new Tensor(name, dims.clone(), typeId, data.clone(), data.length));
        return this;
    }

    /**
     * A tensor whose data is left as a hole: {@link #write} makes a sparse file, so a test can place
     * a tensor beyond 2 GiB without writing gigabytes.
     */
    public GgufTestWriter reserve(String name, long[] dims, GgmlType type, long byteSize) {
        tensors.add(new Tensor(name, dims.clone(), type.id(), null, byteSize));
        return this;
    }

    /** The whole file in memory (no reserved tensors allowed). */
    public byte[] toBytes() {
        Out out = header();
        long dataStart = out.size();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.data == null) {
                throw new IllegalStateException("tensor " + t.name + " is reserved; use write()");
            }
            out.padTo(dataStart + offsets().get(i));
            out.bytes(t.data);
        }
        return out.toByteArray();
    }

    /** Writes the file, leaving reserved tensors as holes. */
    public Path write(Path file) throws IOException {
        Out header = header();
        long dataStart = header.size();
        List<Long> offsets = offsets();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(header.toByteArray()), 0);
            long end = dataStart;
            for (int i = 0; i < tensors.size(); i++) {
                Tensor t = tensors.get(i);
                long at = dataStart + offsets.get(i);
                if (t.data != null) {
                    writeFully(ch, ByteBuffer.wrap(t.data), at);
                }
                end = at + t.byteSize;
            }
            if (ch.size() < end) {
                writeFully(ch, ByteBuffer.wrap(new byte[1]), end - 1);
            }
        }
        return file;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    private List<Long> offsets() {
        List<Long> offsets = new ArrayList<>();
        long offset = 0;
        for (Tensor t : tensors) {
            offsets.add(offset);
            offset = align(offset + t.byteSize);
        }
        return offsets;
    }

    /** Everything up to the aligned start of the tensor data. */
    private Out header() {
        Out out = new Out();
        out.i32(magic);
        out.i32(version);
        out.i64(tensors.size());
        out.i64(entries.size());
        for (Entry e : entries) {
            out.string(e.key);
            out.i32(e.type.id());
            writeValue(out, e.type, e.value);
        }
        List<Long> offsets = offsets();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            out.string(t.name);
            out.i32(t.dims.length);
            for (long d : t.dims) {
                out.i64(d);
            }
            out.i32(t.typeId);
            out.i64(offsets.get(i));
        }
        if (!tensors.isEmpty()) {
            out.padTo(align(out.size()));
        }
        return out;
    }

    private long align(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private static void writeValue(Out out, GgufValueType type, Object v) {
        switch (type) {
            case UINT8, INT8 -> out.u8(((Number) v).intValue());
            case UINT16, INT16 -> out.i16(((Number) v).intValue());
            case UINT32, INT32 -> out.i32((int) ((Number) v).longValue());
            case UINT64, INT64 -> out.i64(((Number) v).longValue());
            case FLOAT32 -> out.i32(Float.floatToIntBits(((Number) v).floatValue()));
            case FLOAT64 -> out.i64(Double.doubleToLongBits(((Number) v).doubleValue()));
            case BOOL -> out.u8((Boolean) v ? 1 : 0);
            case STRING -> out.string((String) v);
            case ARRAY -> {
                ArrayValue a = (ArrayValue) v;
                out.i32(a.elementType().id());
                out.i64(a.elements().size());
                for (Object element : a.elements()) {
                    writeValue(out, a.elementType(), element);
                }
            }
            default -> throw new IllegalArgumentException(type.toString());
        }
    }

    /** Little-endian primitives into a growing byte array. */
    private static final class Out extends ByteArrayOutputStream {
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void u8(int v) {
            write(v & 0xFF);
        }

        void i16(int v) {
            scratch.clear();
            scratch.putShort((short) v);
            write(scratch.array(), 0, 2);
        }

        void i32(int v) {
            scratch.clear();
            scratch.putInt(v);
            write(scratch.array(), 0, 4);
        }

        void i64(long v) {
            scratch.clear();
            scratch.putLong(v);
            write(scratch.array(), 0, 8);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            bytes(b);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void padTo(long position) {
            while (size() < position) {
                write(0);
            }
        }
    }
}
