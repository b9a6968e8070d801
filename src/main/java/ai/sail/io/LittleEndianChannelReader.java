package ai.sail.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads from a file channel through a small buffer. The GGUF header has
 * no stated length and can run to megabytes (a 150k-token vocabulary), so it is streamed rather
 * than mapped; reading past the end of the file is reported as truncation, naming the file, the
 * offset and what was being read.
 */
final class LittleEndianChannelReader {
    private static final int BUFFER_BYTES = 1 << 16;

    private final FileChannel channel;
    private final String source;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    /** File offset of buffer index 0. */
    private long bufferStart;
    private String reading = "the header";

    LittleEndianChannelReader(FileChannel channel, String source) throws IOException {
        this.channel = channel;
        this.source = source;
        this.size = channel.size();
        buffer.limit(0);
    }

    /** Names what is being read, for truncation messages. */
    void reading(String what) {
        this.reading = what;
    }

    long position() {
        return bufferStart + buffer.position();
    }

    long remaining() {
        return size - position();
    }

    long size() {
        return size;
    }

    int u8() throws IOException {
        require(1);
        return buffer.get() & 0xFF;
    }

    byte i8() throws IOException {
        require(1);
        return buffer.get();
    }

    short i16() throws IOException {
        require(2);
        return buffer.getShort();
    }

    int i32() throws IOException {
        require(4);
        return buffer.getInt();
    }

    /** A uint32 widened to a non-negative long. */
    long u32() throws IOException {
        return i32() & 0xFFFF_FFFFL;
    }

    long i64() throws IOException {
        require(8);
        return buffer.getLong();
    }

    float f32() throws IOException {
        require(4);
        return buffer.getFloat();
    }

    double f64() throws IOException {
        require(8);
        return buffer.getDouble();
    }

    byte[] bytes(long count) throws IOException {
        if (count < 0 || count > remaining()) {
            throw truncated(count);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new GgufFormatException(source + ": a field of " + count + " bytes while reading " + reading
                    + " is too large to hold in memory");
        }
        byte[] out = new byte[(int) count];
        int done = 0;
        while (done < out.length) {
            if (!buffer.hasRemaining()) {
                fill();
            }
            int n = Math.min(buffer.remaining(), out.length - done);
            buffer.get(out, done, n);
            done += n;
        }
        return out;
    }

    /** A GGUF string: uint64 byte length, then UTF-8. */
    String string() throws IOException {
        long length = i64();
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    private void require(int n) throws IOException {
        while (buffer.remaining() < n) {
            if (remaining() < n) {
                throw truncated(n);
            }
            fill();
        }
    }

    /** Keeps the unread bytes, moves them to the front and reads more after them. */
    private void fill() throws IOException {
        long next = position();
        buffer.compact();
        bufferStart = next;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, bufferStart + buffer.position());
            if (read <= 0) {
                break;
            }
        }
        buffer.flip();
        if (!buffer.hasRemaining()) {
            throw truncated(1);
        }
    }

    private GgufFormatException truncated(long needed) {
        return new GgufFormatException(source + " is truncated: reading " + reading + " at offset " + position()
                + " needs " + needed + " more bytes but the file is " + size + " bytes long");
    }
}
