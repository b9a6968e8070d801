package ai.sail.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a GGUF header (versions 2 and 3, little-endian), following the layout of the
 * GGUF specification: magic, version, tensor count, metadata count, the metadata entries, the
 * tensor infos, then padding up to {@code general.alignment}. Every structural check that can be
 * made without reading tensor data happens here, so that a bad file fails at open, not mid-load.
 */
final class GgufHeaderParser {
    static final long DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    /** ggml tensors have at most four dimensions. */
    private static final int MAX_DIMS = 4;
    /** Arrays of arrays deeper than this are certainly corrupt, and would exhaust the stack. */
    private static final int MAX_NESTING = 32;
    private static final int MAGIC = 0x4655_4747; // "GGUF" read little-endian

    /**
     * Everything before the tensor data.
     *
     * @param metadata the key/value metadata in file order, typed as {@link GgufFile} describes
     * @param types the GGUF type each metadata key was stored with
     * @param dataStart absolute file offset of the tensor-data section (header end rounded up to the alignment)
     */
    record Header(int version, Map<String, Object> metadata, Map<String, GgufValueType> types,
            List<GgufTensorInfo> tensors, long alignment, long dataStart) {
        Header {
            metadata = Collections.unmodifiableMap(metadata);
            types = Map.copyOf(types);
            tensors = List.copyOf(tensors);
        }
    }

    private final LittleEndianChannelReader in;
    private final String source;
    private final LinkedHashMap<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, GgufValueType> types = new HashMap<>();

    private GgufHeaderParser(LittleEndianChannelReader in, String source) {
        this.in = in;
        this.source = source;
    }

    static Header parse(FileChannel channel, String source) throws IOException {
        return new GgufHeaderParser(new LittleEndianChannelReader(channel, source), source).parse();
    }

    private Header parse() throws IOException {
        if (in.size() < 4) {
            throw new GgufFormatException(source + " is not a GGUF file: it is only " + in.size() + " bytes long");
        }
        in.reading("the magic number");
        int magic = in.i32();
        if (magic != MAGIC) {
            throw new GgufFormatException(source + " is not a GGUF file: it starts with "
                    + describeMagic(magic) + " instead of \"GGUF\"");
        }
        in.reading("the version");
        int version = in.i32();
        checkVersion(version);

        in.reading("the tensor and metadata counts");
        long tensorCount = in.i64();
        long kvCount = in.i64();
        // Each metadata entry takes at least 8 (key length) + 4 (type) + 1 bytes, each tensor info 8 + 4 + 4 + 8.
        checkCount(kvCount, 13, "metadata entries");
        checkCount(tensorCount, 24, "tensors");

        readMetadata((int) kvCount);
        long alignment = alignment();
        List<GgufTensorInfo> tensors = readTensorInfos((int) tensorCount, alignment);
        long dataStart = alignUp(in.position(), alignment);
        checkDataBounds(tensors, dataStart);
        return new Header(version, metadata, types, tensors, alignment, dataStart);
    }

    private void checkVersion(int version) throws GgufFormatException {
        if (version == 2 || version == 3) {
            return;
        }
        if (version != 0 && (version & 0xFFFF) == 0) {
            throw new GgufFormatException(source + " looks like a big-endian GGUF file (version field 0x"
                    + Integer.toHexString(version) + "); only little-endian GGUF files are supported");
        }
        throw new GgufFormatException(source + " has GGUF version " + Integer.toUnsignedString(version)
                + "; only versions 2 and 3 are supported"
                + (version == 1 ? " (version 1 used 32-bit lengths; re-convert the model with a current llama.cpp)" : ""));
    }

    private void checkCount(long count, int minBytesEach, String what) throws GgufFormatException {
        if (count < 0 || count > Integer.MAX_VALUE || count * minBytesEach > in.remaining()) {
            throw new GgufFormatException(source + " is truncated or corrupt: the header announces "
                    + Long.toUnsignedString(count) + " " + what + ", which cannot fit in the "
                    + in.remaining() + " bytes that follow");
        }
    }

    private void readMetadata(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            in.reading("the key of metadata entry #" + i);
            String key = in.string();
            in.reading("metadata '" + key + "'");
            GgufValueType type = valueType(in.u32(), key);
            Object value = readValue(type, key, 0);
            if (metadata.putIfAbsent(key, value) != null) {
                throw new GgufFormatException(source + ": metadata key '" + key + "' appears twice");
            }
            types.put(key, type);
        }
    }

    private GgufValueType valueType(long id, String key) throws GgufFormatException {
        return GgufValueType.byId(id).orElseThrow(() -> new GgufFormatException(
                source + ": metadata '" + key + "' has unknown value type id " + id));
    }

    private Object readValue(GgufValueType type, String key, int depth) throws IOException {
        switch (type) {
            case UINT8: return (long) in.u8();
            case INT8: return (long) in.i8();
            case UINT16: return (long) (in.i16() & 0xFFFF);
            case INT16: return (long) in.i16();
            case UINT32: return in.u32();
            case INT32: return (long) in.i32();
            case UINT64:
            case INT64: return in.i64();
            case FLOAT32: return (double) in.f32();
            case FLOAT64: return in.f64();
            case BOOL: return readBool(key);
            case STRING: return in.string();
            case ARRAY: return readArray(key, depth);
            default: throw new IllegalStateException("unhandled " + type);
        }
    }

    private Boolean readBool(String key) throws IOException {
        int b = in.u8();
        if (b > 1) {
            throw new GgufFormatException(source + ": metadata '" + key + "' is a BOOL holding byte " + b);
        }
        return b == 1;
    }

    private List<Object> readArray(String key, int depth) throws IOException {
        if (depth >= MAX_NESTING) {
            throw new GgufFormatException(source + ": metadata '" + key + "' nests arrays deeper than " + MAX_NESTING);
        }
        GgufValueType elementType = valueType(in.u32(), key);
        long count = in.i64();
        if (count < 0 || count > Integer.MAX_VALUE - 8 || count * elementType.minBytes() > in.remaining()) {
            throw new GgufFormatException(source + " is truncated or corrupt: metadata '" + key + "' announces "
                    + Long.toUnsignedString(count) + " " + elementType + " elements, which cannot fit in the "
                    + in.remaining() + " bytes that follow");
        }
        List<Object> list = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            list.add(readValue(elementType, key, depth + 1));
        }
        return Collections.unmodifiableList(list);
    }

    private long alignment() throws GgufFormatException {
        Object raw = metadata.get(ALIGNMENT_KEY);
        if (raw == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(raw instanceof Long a) || a <= 0 || Long.bitCount(a) != 1) {
            throw new GgufFormatException(source + ": " + ALIGNMENT_KEY + " must be a positive power of two, found " + raw);
        }
        return a;
    }

    private List<GgufTensorInfo> readTensorInfos(int count, long alignment) throws IOException {
        List<GgufTensorInfo> tensors = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            in.reading("the name of tensor info #" + i);
            String name = in.string();
            in.reading("the tensor info of '" + name + "'");
            long nDims = in.u32();
            if (nDims > MAX_DIMS) {
                throw new GgufFormatException(source + ": tensor '" + name + "' has " + nDims
                        + " dimensions; ggml allows at most " + MAX_DIMS);
            }
            long[] dims = new long[(int) nDims];
            for (int d = 0; d < nDims; d++) {
                dims[d] = in.i64();
                if (dims[d] < 0) {
                    throw new GgufFormatException(source + ": tensor '" + name + "' has a negative dimension "
                            + Long.toUnsignedString(dims[d]));
                }
            }
            long typeId = in.u32();
            GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> new GgufFormatException(source + ": tensor '"
                    + name + "' has unknown ggml type id " + typeId + " (removed from ggml or newer than this reader)"));
            long offset = in.i64();
            if (!seen.add(name)) {
                throw new GgufFormatException(source + ": tensor '" + name + "' appears twice");
            }
            if (offset < 0 || offset % alignment != 0) {
                throw new GgufFormatException(source + ": tensor '" + name + "' has offset "
                        + Long.toUnsignedString(offset) + ", not a multiple of the alignment " + alignment);
            }
            GgufTensorInfo info = new GgufTensorInfo(name, dims, type, offset);
            checkShape(info);
            tensors.add(info);
        }
        return tensors;
    }

    private void checkShape(GgufTensorInfo info) throws GgufFormatException {
        long[] dims = info.dims();
        if (dims.length > 0 && dims[0] % info.type().blockSize() != 0) {
            throw new GgufFormatException(source + ": tensor '" + info.name() + "' has innermost dimension " + dims[0]
                    + ", not a multiple of the " + info.type() + " block size " + info.type().blockSize());
        }
        try {
            info.byteSize();
        } catch (ArithmeticException e) {
            throw new GgufFormatException(source + ": tensor '" + info.name() + "' has an impossibly large shape");
        }
    }

    private void checkDataBounds(List<GgufTensorInfo> tensors, long dataStart) throws GgufFormatException {
        for (GgufTensorInfo t : tensors) {
            long end = dataStart + t.offset() + t.byteSize();
            if (end < 0 || end > in.size()) {
                throw new GgufFormatException(source + ": the data of tensor '" + t.name() + "' (" + t.byteSize()
                        + " bytes at offset " + (dataStart + t.offset()) + ") runs past the end of the file ("
                        + in.size() + " bytes); the file is truncated or corrupt");
            }
        }
    }

    static long alignUp(long position, long alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    private static String describeMagic(int magic) {
        StringBuilder sb = new StringBuilder("bytes");
        for (int i = 0; i < 4; i++) {
            sb.append(String.format(" %02x", (magic >>> (8 * i)) & 0xFF));
        }
        return sb.toString();
    }
}
