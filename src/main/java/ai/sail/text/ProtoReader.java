package ai.sail.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes one protocol-buffers message field by field (the wire format described in
 * {@link ProtoWriter}), skipping fields the caller does not ask about so that files written by newer
 * versions of a schema still read. Malformed input (a length past the end, an over-long varint, a
 * deprecated group) is reported as a {@link TokenizerFormatException} naming the file.
 */
final class ProtoReader {
    private final byte[] data;
    private final int end;
    private final String where;
    private int position;
    private int wireType = -1;

    ProtoReader(byte[] data, String where) {
        this(data, 0, data.length, where);
    }

    private ProtoReader(byte[] data, int from, int to, String where) {
        this.data = data;
        this.position = from;
        this.end = to;
        this.where = where;
    }

    boolean hasNext() {
        return position < end;
    }

    /** Reads the next tag and returns its field number; the value must then be read or skipped. */
    int nextField() throws TokenizerFormatException {
        long tag = rawVarint();
        wireType = (int) (tag & 7);
        long field = tag >>> 3;
        if (field == 0 || field > Integer.MAX_VALUE) {
            throw error("invalid field number " + field);
        }
        return (int) field;
    }

    /** An int32, int64, bool or enum value (negative int32 values arrive sign-extended to 64 bits). */
    long varint() throws TokenizerFormatException {
        expect(ProtoWriter.VARINT);
        return rawVarint();
    }

    boolean bool() throws TokenizerFormatException {
        return varint() != 0;
    }

    float float32() throws TokenizerFormatException {
        expect(ProtoWriter.FIXED32);
        need(4);
        int bits = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8
                | (data[position + 2] & 0xFF) << 16 | (data[position + 3] & 0xFF) << 24;
        position += 4;
        return Float.intBitsToFloat(bits);
    }

    String string() throws TokenizerFormatException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    byte[] bytes() throws TokenizerFormatException {
        int length = length();
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return value;
    }

    ProtoReader message() throws TokenizerFormatException {
        int length = length();
        ProtoReader nested = new ProtoReader(data, position, position + length, where);
        position += length;
        return nested;
    }

    /** Skips the value of the field just read. */
    void skip() throws TokenizerFormatException {
        switch (wireType) {
            case ProtoWriter.VARINT -> rawVarint();
            case ProtoWriter.FIXED64 -> {
                need(8);
                position += 8;
            }
            case ProtoWriter.LENGTH_DELIMITED -> {
                int length = length(); // read first: it moves past the length's own bytes
                position += length;
            }
            case ProtoWriter.FIXED32 -> {
                need(4);
                position += 4;
            }
            default -> throw error("unsupported wire type " + wireType + " (groups are not used by this format)");
        }
    }

    private int length() throws TokenizerFormatException {
        expect(ProtoWriter.LENGTH_DELIMITED);
        long length = rawVarint();
        if (length < 0 || length > end - position) {
            throw error("a field of " + length + " bytes runs past the end of its message");
        }
        return (int) length;
    }

    private void expect(int type) throws TokenizerFormatException {
        if (wireType != type) {
            throw error("a field has wire type " + wireType + " where " + type + " was expected");
        }
    }

    private void need(int bytes) throws TokenizerFormatException {
        if (end - position < bytes) {
            throw error("the data ends inside a field");
        }
    }

    private long rawVarint() throws TokenizerFormatException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = data[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw error("a varint is longer than ten bytes");
    }

    private TokenizerFormatException error(String what) {
        return new TokenizerFormatException(where + ": not a valid protobuf message: " + what);
    }
}
