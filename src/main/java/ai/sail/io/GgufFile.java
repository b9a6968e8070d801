package ai.sail.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A GGUF file (the llama.cpp model format, versions 2 and 3) read as a {@link TensorSource} plus
 * its metadata. Hand-written: no maintained Java library reads GGUF with its full metadata type
 * system, and the format is small enough to parse directly from its specification.
 *
 * <p>The header is parsed and validated at {@link #open}; tensor data is memory-mapped only when a
 * tensor is read, in chunks of at most 1 GiB, so files and single tensors above 2 GiB work.
 * Shapes are reported outermost first (GGUF stores them innermost first). {@link #readFloats}
 * decodes F32, F16, BF16 and Q8_0; other types fail with a message naming the tensor and the type.
 *
 * <p>The metadata keeps the file's order and has typed getters whose errors name the file, the key
 * and the expected type. Values are mapped to a few Java types so callers need not care which width
 * the writer chose: every integer type (UINT8 ... INT64) becomes a {@link Long}; UINT64 is kept as its
 * 64 bits, so a value above {@link Long#MAX_VALUE} appears negative (use {@link Long#toUnsignedString});
 * FLOAT32 and FLOAT64 become {@link Double} (a FLOAT32 is widened exactly, so {@code 1e-5f} reads back
 * as {@code 9.999999747378752E-6}); BOOL becomes {@link Boolean}; STRING {@link String}; ARRAY an
 * unmodifiable {@code List<Object>} of the same mapping, nested as deep as the file nests it. The
 * {@code find...} and defaulting getters treat only a missing key as absent: a key that is present
 * with the wrong type is a broken file and always raises an error.
 *
 * <p>Instances are safe for concurrent reads. Mapped buffers are released by the garbage collector;
 * {@link #close} closes the channel so no new mappings can be made.
 */
public final class GgufFile implements TensorSource {
    /** Upper bound on bytes mapped at once while decoding (a mapping is limited to 2 GiB); rounded down to whole blocks. */
    private static final long CHUNK_BYTES = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final int version;
    private final long alignment;
    private final long dataStart;
    private final Map<String, Object> metadata;
    private final Map<String, GgufValueType> metadataTypes;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> tensorsByName;
    private final List<String> names;
    private volatile boolean closed;

    private GgufFile(Path path, FileChannel channel, GgufHeaderParser.Header header) {
        this.path = path;
        this.channel = channel;
        this.version = header.version();
        this.alignment = header.alignment();
        this.dataStart = header.dataStart();
        this.metadata = header.metadata();
        this.metadataTypes = header.types();
        this.tensors = header.tensors();
        Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo t : tensors) {
            byName.put(t.name(), t);
        }
        this.tensorsByName = byName;
        this.names = List.copyOf(byName.keySet());
    }

    /** Opens and validates {@code path}; throws {@link GgufFormatException} (naming the file) if it is not valid GGUF. */
    public static GgufFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new GgufFile(path, channel, GgufHeaderParser.parse(channel, path.toString()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The GGUF format version, 2 or 3. */
    public int version() {
        return version;
    }

    /** {@code general.alignment}, or 32 when the file does not set it. */
    public long alignment() {
        return alignment;
    }

    /** Absolute file offset where the tensor-data section starts; tensor offsets are relative to it. */
    public long dataStart() {
        return dataStart;
    }

    // ---- metadata

    /** All metadata entries, in the order the file stores them, typed as the class comment says. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The GGUF type a metadata key was stored with. */
    public Optional<GgufValueType> metadataType(String key) {
        return Optional.ofNullable(metadataTypes.get(key));
    }

    public String getString(String key) {
        return findString(key).orElseThrow(() -> missing(key, "a string"));
    }

    public String getString(String key, String fallback) {
        return findString(key).orElse(fallback);
    }

    public Optional<String> findString(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw mistyped(key, "a string");
    }

    public long getLong(String key) {
        return findLong(key).orElseThrow(() -> missing(key, "an integer"));
    }

    public long getLong(String key, long fallback) {
        return findLong(key).orElse(fallback);
    }

    public OptionalLong findLong(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v instanceof Long l) {
            return OptionalLong.of(l);
        }
        throw mistyped(key, "an integer");
    }

    /** An integer that must fit in a Java int (counts, ids, dimensions). */
    public int getInt(String key) {
        return toInt(key, getLong(key));
    }

    public int getInt(String key, int fallback) {
        OptionalLong v = findLong(key);
        return v.isPresent() ? toInt(key, v.getAsLong()) : fallback;
    }

    /** A number; integers are accepted and widened. */
    public double getDouble(String key) {
        return findDouble(key).orElseThrow(() -> missing(key, "a number"));
    }

    public double getDouble(String key, double fallback) {
        return findDouble(key).orElse(fallback);
    }

    public OptionalDouble findDouble(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (v instanceof Double d) {
            return OptionalDouble.of(d);
        }
        if (v instanceof Long l && metadataTypes.get(key) != GgufValueType.UINT64) {
            return OptionalDouble.of(l);
        }
        if (v instanceof Long l) {
            return OptionalDouble.of(Double.parseDouble(Long.toUnsignedString(l)));
        }
        throw mistyped(key, "a number");
    }

    public boolean getBoolean(String key) {
        return findBoolean(key).orElseThrow(() -> missing(key, "a boolean"));
    }

    public boolean getBoolean(String key, boolean fallback) {
        return findBoolean(key).orElse(fallback);
    }

    public Optional<Boolean> findBoolean(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        throw mistyped(key, "a boolean");
    }

    public List<Object> getList(String key) {
        return findList(key).orElseThrow(() -> missing(key, "an array"));
    }

    @SuppressWarnings("unchecked")
    public Optional<List<Object>> findList(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof List<?> list) {
            return Optional.of((List<Object>) list);
        }
        throw mistyped(key, "an array");
    }

    private int toInt(String key, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path + ": metadata key '" + key + "' holds " + value
                    + ", which does not fit in an int");
        }
        return (int) value;
    }

    private IllegalArgumentException missing(String key, String expected) {
        return new IllegalArgumentException(
                path + ": metadata key '" + key + "' is missing (expected " + expected + ")");
    }

    private IllegalArgumentException mistyped(String key, String expected) {
        return new IllegalArgumentException(path + ": metadata key '" + key + "' holds " + metadataTypes.get(key)
                + " " + preview(metadata.get(key)) + ", expected " + expected);
    }

    private static String preview(Object v) {
        if (v instanceof List<?> list) {
            return "with " + list.size() + " elements";
        }
        String s = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    // ---- tensors

    /** The tensor infos in file order. */
    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    /** The info of one tensor; throws {@link IllegalArgumentException} naming the file if absent. */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo info = tensorsByName.get(name);
        if (info == null) {
            throw new IllegalArgumentException(path + " has no tensor named '" + name + "'");
        }
        return info;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean contains(String name) {
        return tensorsByName.containsKey(name);
    }

    @Override
    public long[] shape(String name) {
        return tensor(name).shape();
    }

    @Override
    public String dtypeName(String name) {
        return tensor(name).type().name();
    }

    @Override
    public float[] readFloats(String name) {
        GgufTensorInfo info = tensor(name);
        GgmlType type = info.type();
        if (!GgmlDequantizer.SUPPORTED.contains(type)) {
            throw new IllegalArgumentException(path + ": tensor '" + name + "' has type " + type
                    + ", which this reader cannot decode (supported: " + GgmlDequantizer.SUPPORTED + ")");
        }
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(path + ": tensor '" + name + "' has " + count
                    + " elements, too many for one Java array");
        }
        if (closed) {
            throw new IllegalStateException(path + " is closed; cannot read tensor '" + name + "'");
        }
        float[] out = new float[(int) count];
        long blocks = count / type.blockSize();
        long blocksPerChunk = CHUNK_BYTES / type.bytesPerBlock();
        long start = dataStart + info.offset();
        try {
            for (long first = 0; first < blocks; first += blocksPerChunk) {
                int n = (int) Math.min(blocksPerChunk, blocks - first);
                MappedByteBuffer chunk = channel.map(FileChannel.MapMode.READ_ONLY,
                        start + first * type.bytesPerBlock(), (long) n * type.bytesPerBlock());
                chunk.order(ByteOrder.LITTLE_ENDIAN);
                GgmlDequantizer.decode(type, chunk, n, out, (int) (first * type.blockSize()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(path + ": cannot read tensor '" + name + "': " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + names.size() + " tensors, "
                + metadata.size() + " metadata entries]";
    }
}
