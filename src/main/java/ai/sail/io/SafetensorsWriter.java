package ai.sail.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes float tensors as a safetensors file laid out exactly as the reference (Python/Rust)
 * library lays it out, so that tools on either side read it and identical content gives identical
 * bytes:
 * <ul>
 *   <li>8-byte little-endian header length, then compact JSON: {@code __metadata__} first (only when
 *       there is metadata), then the tensors in data order, each as
 *       {@code {"dtype":..,"shape":[..],"data_offsets":[b,e]}};</li>
 *   <li>the header padded with spaces so the data area starts at a multiple of 8 bytes;</li>
 *   <li>tensors sorted by element type (wider alignment first, in the reference library's type order),
 *       then by name compared as UTF-8 bytes, stored back to back with no gaps.</li>
 * </ul>
 * The file is written with {@link AtomicWrite}: beside the target, and renamed over it only when
 * complete and flushed to disk, so a crash never leaves a half-written checkpoint under the real name.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    private static final int IO_BUFFER_BYTES = 1 << 20;

    /**
     * One tensor to write: shape (outermost first), row-major values, and the element type to store
     * them as ({@code F32}, or narrowed to {@code F16} / {@code BF16} with round-to-nearest-even).
     * The values array is not copied.
     */
    public record Tensor(long[] shape, float[] values, SafetensorsDType storeAs) {
        public Tensor {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(values, "values");
            Objects.requireNonNull(storeAs, "storeAs");
            if (storeAs != SafetensorsDType.F32 && storeAs != SafetensorsDType.F16 && storeAs != SafetensorsDType.BF16) {
                throw new IllegalArgumentException("floats can be stored as F32, F16 or BF16, not " + storeAs);
            }
            long count = SafetensorsEntry.elementCount(shape);
            if (count != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                        + " elements but " + values.length + " values were given");
            }
            shape = shape.clone();
        }

        /** A tensor stored as F32. */
        public Tensor(long[] shape, float[] values) {
            this(shape, values, SafetensorsDType.F32);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        long byteSize() {
            return (long) values.length * storeAs.byteSize();
        }
    }

    /**
     * Writes {@code tensors} (name to tensor) and string {@code metadata} to {@code file}, replacing
     * it atomically where the file system allows. Names must not be {@code __metadata__}. Metadata is
     * written in the map's iteration order (the reference library's order is that of a hash map, so
     * only single-entry metadata such as {@code {"format": "pt"}} is reproducible byte for byte).
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata (use Map.of() for none)");
        List<Map.Entry<String, Tensor>> ordered = dataOrder(tensors);
        byte[] header = header(ordered, metadata);

        AtomicWrite.file(file, out -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(IO_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(header.length);
            writeBytes(out, buffer, header);
            for (Map.Entry<String, Tensor> e : ordered) {
                writeValues(out, buffer, e.getValue());
            }
            drain(out, buffer);
        });
    }

    /** The reference library's order: dtype rank descending, then name as UTF-8 bytes. */
    static List<Map.Entry<String, Tensor>> dataOrder(Map<String, Tensor> tensors) {
        List<Map.Entry<String, Tensor>> ordered = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, Tensor> e : ordered) {
            Objects.requireNonNull(e.getKey(), "tensor name");
            Objects.requireNonNull(e.getValue(), "tensor " + e.getKey());
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("'" + SafetensorsHeader.METADATA_KEY + "' is reserved and cannot name a tensor");
            }
        }
        Comparator<Map.Entry<String, Tensor>> byRank = Comparator.comparingInt(e -> -e.getValue().storeAs().writeRank());
        ordered.sort(byRank.thenComparing((a, b) -> Arrays.compareUnsigned(
                a.getKey().getBytes(StandardCharsets.UTF_8), b.getKey().getBytes(StandardCharsets.UTF_8))));
        return ordered;
    }

    /** The padded JSON header for tensors already in data order. */
    static byte[] header(List<Map.Entry<String, Tensor>> ordered, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            appendString(json, SafetensorsHeader.METADATA_KEY);
            json.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                appendString(json, Objects.requireNonNull(m.getKey(), "metadata key"));
                json.append(':');
                appendString(json, Objects.requireNonNull(m.getValue(), "metadata value of " + m.getKey()));
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : ordered) {
            if (json.length() > 1) {
                json.append(',');
            }
            Tensor t = e.getValue();
            appendString(json, e.getKey());
            json.append(":{\"dtype\":\"").append(t.storeAs().name()).append("\",\"shape\":[");
            long[] shape = t.shape;
            for (int i = 0; i < shape.length; i++) {
                json.append(i == 0 ? "" : ",").append(shape[i]);
            }
            long end = offset + t.byteSize();
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (bytes.length + 7) / 8 * 8;
        byte[] result = Arrays.copyOf(bytes, padded);
        Arrays.fill(result, bytes.length, padded, (byte) ' ');
        return result;
    }

    /** A JSON string escaped as serde_json escapes it (lower-case hex; non-ASCII left as UTF-8). */
    private static void appendString(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static void writeBytes(FileChannel out, ByteBuffer buffer, byte[] bytes) throws IOException {
        for (int done = 0; done < bytes.length; ) {
            if (!buffer.hasRemaining()) {
                drain(out, buffer);
            }
            int n = Math.min(buffer.remaining(), bytes.length - done);
            buffer.put(bytes, done, n);
            done += n;
        }
    }

    private static void writeValues(FileChannel out, ByteBuffer buffer, Tensor t) throws IOException {
        float[] values = t.values();
        int elementSize = t.storeAs().byteSize();
        for (int done = 0; done < values.length; ) {
            if (buffer.remaining() < elementSize) {
                drain(out, buffer);
            }
            int n = Math.min(buffer.remaining() / elementSize, values.length - done);
            switch (t.storeAs()) {
                case F16 -> {
                    for (int i = done; i < done + n; i++) {
                        buffer.putShort(Float16.fromFloat(values[i]));
                    }
                }
                case BF16 -> {
                    for (int i = done; i < done + n; i++) {
                        buffer.putShort(BFloat16.fromFloat(values[i]));
                    }
                }
                default -> {
                    buffer.asFloatBuffer().put(values, done, n);
                    buffer.position(buffer.position() + n * 4);
                }
            }
            done += n;
        }
    }

    private static void drain(FileChannel out, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        buffer.clear();
    }
}
