package ai.sail.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One safetensors file, read tensor by tensor through memory mapping.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON (tensor entries
 * plus an optional {@code __metadata__} string map), then the data area that the entries' offsets
 * point into. The whole header is validated when the file is opened.
 *
 * <p>Hand-written rather than DJL's decoder, which uses int offsets (so nothing past 2 GiB) and reads
 * the whole file into one array, and which would hand BF16 to the native layer (that aborts the JVM).
 * Here each read maps just the bytes of one tensor, in windows below 2 GiB, so files of any size work
 * and memory holds only the tensor being read. BF16 and F16 are widened to float in Java.
 */
public final class SafetensorsFile implements TensorSource {

    /** Mapping window for one read; a multiple of every element size, well below the 2 GiB limit. */
    static final int WINDOW_BYTES = 1 << 30;

    /** The largest Java array the JVM reliably allocates. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final Path path;
    private final FileChannel channel;
    private final int windowBytes;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, SafetensorsEntry> entries;
    private final List<String> names;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, int windowBytes, long dataStart, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.windowBytes = windowBytes;
        this.dataStart = dataStart;
        this.metadata = header.metadata();
        Map<String, SafetensorsEntry> byName = new LinkedHashMap<>();
        for (SafetensorsEntry e : header.entries()) {
            byName.put(e.name(), e);
        }
        this.entries = Collections.unmodifiableMap(byName);
        this.names = List.copyOf(byName.keySet());
    }

    /**
     * Opens and validates a safetensors file. Throws {@link SafetensorsFormatException} if the file
     * breaks the format (the message names the file and the tensor) and {@link IOException} if it
     * cannot be read.
     */
    public static SafetensorsFile open(Path path) throws IOException {
        return open(path, WINDOW_BYTES);
    }

    /** As {@link #open(Path)}, mapping at most {@code windowBytes} (a multiple of 8) per read; for tests. */
    static SafetensorsFile open(Path path, int windowBytes) throws IOException {
        if (windowBytes <= 0 || windowBytes % 8 != 0) {
            throw new IllegalArgumentException("window must be a positive multiple of 8 bytes, got " + windowBytes);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsFormatException(path, "file is " + size
                        + " bytes, shorter than the 8-byte header length: empty, truncated or not a safetensors file");
            }
            long headerLength = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
                throw new SafetensorsFormatException(path, "header length " + Long.toUnsignedString(headerLength)
                        + " is implausibly large (limit " + SafetensorsHeader.MAX_HEADER_BYTES
                        + " bytes): not a safetensors file, or a damaged one");
            }
            if (8 + headerLength > size) {
                throw new SafetensorsFormatException(path, "header length " + headerLength + " runs past the end of the file ("
                        + size + " bytes): the file is truncated or not a safetensors file");
            }
            ByteBuffer json = readFully(channel, 8, (int) headerLength);
            SafetensorsHeader header = SafetensorsHeader.parse(path, json.array(), 8 + headerLength, size);
            return new SafetensorsFile(path, channel, windowBytes, 8 + headerLength, header);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    /** The file this reads. */
    public Path path() {
        return path;
    }

    /** The header's {@code __metadata__} strings, in file order (empty if absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor's header entry, in data-offset order. */
    public List<SafetensorsEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The header entry of one tensor; throws {@link IllegalArgumentException} if there is none. */
    public SafetensorsEntry entry(String name) {
        SafetensorsEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException(path + ": no tensor named '" + name + "' (the file holds " + entries.size() + " tensors)");
        }
        return e;
    }

    /** The stored element type of a tensor. */
    public SafetensorsDType dtype(String name) {
        return entry(name).dtype();
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    @Override
    public long[] shape(String name) {
        return entry(name).shape();
    }

    @Override
    public String dtypeName(String name) {
        return entry(name).dtype().name();
    }

    @Override
    public float[] readFloats(String name) {
        SafetensorsEntry e = entry(name);
        long count = e.elementCount();
        if (count > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(path + ": tensor '" + name + "' has " + count
                    + " elements, more than a Java array can hold");
        }
        float[] out = new float[(int) count];
        int elementSize = e.dtype().byteSize();
        int perWindow = windowBytes / elementSize;
        for (int done = 0; done < out.length; ) {
            int n = Math.min(perWindow, out.length - done);
            ByteBuffer window = map(name, e.begin() + (long) done * elementSize, (long) n * elementSize);
            ElementDecoder.decode(e.dtype(), window, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * The tensor's stored bytes as a read-only little-endian buffer mapped from the file. Throws
     * {@link IllegalArgumentException} for a tensor over 2 GiB, which no buffer can hold (use
     * {@link #readFloats} for those).
     */
    public ByteBuffer rawBytes(String name) {
        SafetensorsEntry e = entry(name);
        if (e.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path + ": tensor '" + name + "' is " + e.byteSize()
                    + " bytes, more than one ByteBuffer can hold; read it with readFloats");
        }
        return map(name, e.begin(), e.byteSize());
    }

    private ByteBuffer map(String name, long offsetInData, long length) {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
        if (length == 0) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offsetInData, length).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new UncheckedIOException(path + ": cannot map tensor '" + name + "'", ex);
        }
    }

    /** Closes the file. Buffers already returned by {@link #rawBytes} stay readable. */
    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + names.size() + " tensors]";
    }
}
