package ai.sail.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types a safetensors file can declare, spelled as the format spells them, with their
 * size in bytes. The 8-bit float types of the format are not listed: a file using them is refused
 * with a clear message rather than read wrongly.
 *
 * <p>{@code writeRank} is the type's position in the reference library's own ordering (increasing
 * alignment, then as declared there). Its writer sorts tensors by that rank, descending, and
 * {@link SafetensorsWriter} does the same so that the files it writes are laid out byte for byte like
 * the reference library's.
 */
public enum SafetensorsDType {
    F64(8, 12),
    F32(4, 11),
    F16(2, 7),
    BF16(2, 8),
    I64(8, 13),
    I32(4, 9),
    I16(2, 5),
    I8(1, 2),
    U8(1, 1),
    BOOL(1, 0),
    U64(8, 14),
    U32(4, 10),
    U16(2, 6);

    private final int byteSize;
    private final int writeRank;

    SafetensorsDType(int byteSize, int writeRank) {
        this.byteSize = byteSize;
        this.writeRank = writeRank;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Position in the reference library's dtype order; higher is written first. */
    int writeRank() {
        return writeRank;
    }

    /**
     * The type of that exact name ({@code "BF16"}, case-sensitive as in the format). Throws an
     * {@link IllegalArgumentException} naming the unknown type and listing the known ones.
     */
    public static SafetensorsDType fromName(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown safetensors dtype '" + name + "' (known: " + knownNames() + ")");
    }

    /** The known names, comma separated, for error messages. */
    public static String knownNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
