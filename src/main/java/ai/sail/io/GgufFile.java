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
 * <p>Instances are safe for concurrent reads. Mapped buffers are released by the garbage collector;
 * {@link #close} closes the channel so no new mappings can be made.
 */
public final class GgufFile implements TensorSource {
    /** Upper bound on bytes mapped at once while decoding (a mapping is limited to 2 GiB); rounded down to whole blocks. */
    private static final long CHUNK_BYTES = 1L << 30;

    private final Path path;
    private final FileChannel channel;
    private final GgufHeader header;
    private final Map<String, GgufTensorInfo> tensorsByName;
    private final List<String> names;
    private volatile boolean closed;

    private GgufFile(Path path, FileChannel channel, GgufHeader header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        Map<String, GgufTensorInfo> byName = new LinkedHashMap<>();
        for (GgufTensorInfo t : header.tensors()) {
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
        return header.version();
    }

    /** {@code general.alignment}, or 32 when the file does not set it. */
    public long alignment() {
        return header.alignment();
    }

    /** Absolute file offset where the tensor-data section starts; tensor offsets are relative to it. */
    public long dataStart() {
        return header.dataStart();
    }

    /** All metadata in file order; see {@link GgufMetadata} for how GGUF types map to Java types. */
    public Map<String, Object> metadata() {
        return header.metadata().asMap();
    }

    /** The metadata with its typed getters. */
    public GgufMetadata meta() {
        return header.metadata();
    }

    public String getString(String key) {
        return meta().getString(key);
    }

    public String getString(String key, String fallback) {
        return meta().getString(key, fallback);
    }

    public Optional<String> findString(String key) {
        return meta().findString(key);
    }

    public long getLong(String key) {
        return meta().getLong(key);
    }

    public long getLong(String key, long fallback) {
        return meta().getLong(key, fallback);
    }

    public OptionalLong findLong(String key) {
        return meta().findLong(key);
    }

    public int getInt(String key) {
        return meta().getInt(key);
    }

    public int getInt(String key, int fallback) {
        return meta().getInt(key, fallback);
    }

    public double getDouble(String key) {
        return meta().getDouble(key);
    }

    public double getDouble(String key, double fallback) {
        return meta().getDouble(key, fallback);
    }

    public OptionalDouble findDouble(String key) {
        return meta().findDouble(key);
    }

    public boolean getBoolean(String key) {
        return meta().getBoolean(key);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return meta().getBoolean(key, fallback);
    }

    public Optional<Boolean> findBoolean(String key) {
        return meta().findBoolean(key);
    }

    public List<Object> getList(String key) {
        return meta().getList(key);
    }

    public Optional<List<Object>> findList(String key) {
        return meta().findList(key);
    }

    /** The tensor infos in file order. */
    public List<GgufTensorInfo> tensors() {
        return header.tensors();
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
        long start = header.dataStart() + info.offset();
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
        return "GgufFile[" + path + ", v" + version() + ", " + names.size() + " tensors, "
                + metadata().size() + " metadata entries]";
    }
}
