package ai.sail.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a file decoded as UTF-8 one at a time, so that a line which is not valid UTF-8 is reported
 * with its number and can be skipped. A {@code BufferedReader} over the file fails at whichever buffer
 * fill meets the bad byte, with "Input length = 1" and no line, and cannot go on past it.
 *
 * <p>Lines end at {@code \n}, {@code \r} or {@code \r\n}, as {@link java.io.BufferedReader#readLine}
 * ends them, so valid files read exactly as before.
 */
final class Utf8LineReader implements Closeable {
    /** One line: its text, or, when it is not valid UTF-8, where the first bad byte is. */
    record Line(String text, int badByte, int badColumn) {
        boolean valid() {
            return text != null;
        }

        /** What is wrong with an invalid line, for the row's message. */
        String problem() {
            return String.format("not valid UTF-8 at byte %d of the line (0x%02X); data files must be UTF-8:"
                    + " re-encode the file (e.g. from Latin-1) or fix the line", badColumn, badByte);
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean skipLineFeed;
    private byte[] line = new byte[256];

    Utf8LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the file. */
    Line next() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any ? decode(length) : null;
            }
            byte b = buffer[position++];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            any = true;
            if (b == '\n' || b == '\r') {
                skipLineFeed = b == '\r';
                return decode(length);
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = b;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private Line decode(int length) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length); // UTF-8 never takes fewer bytes than UTF-16 chars
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            int at = bytes.position(); // the decoder stops at the first byte of the malformed sequence
            return new Line(null, line[at] & 0xFF, at + 1);
        }
        return new Line(chars.flip().toString(), -1, -1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
