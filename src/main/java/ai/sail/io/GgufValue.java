package ai.sail.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One GGUF metadata value to write, with the GGUF type it is stored as: the width matters to
 * llama.cpp, which reads, for example, {@code llama.block_count} as a UINT32 and
 * {@code tokenizer.ggml.token_type} as an INT32 array and refuses other widths. Values are held in
 * the Java types {@link GgufFile} reads them back as (integers as {@link Long}, floats as
 * {@link Double}), so a written file compares equal to its metadata. Arrays hold scalars of one
 * type; nested arrays are not needed by any key Sail writes.
 *
 * @param type the stored type
 * @param elementType for an {@link GgufValueType#ARRAY}, the type of its elements; null otherwise
 * @param value a {@link Long}, {@link Double}, {@link Boolean}, {@link String}, or for an array an
 *     unmodifiable list of those
 */
public record GgufValue(GgufValueType type, GgufValueType elementType, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type == GgufValueType.ARRAY) {
            if (elementType == null || elementType == GgufValueType.ARRAY) {
                throw new IllegalArgumentException("a GGUF array needs a scalar element type, got " + elementType);
            }
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException("a GGUF array holds a list, got " + value.getClass().getSimpleName());
            }
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                checkScalar(elementType, element);
                copy.add(element);
            }
            value = List.copyOf(copy);
        } else {
            if (elementType != null) {
                throw new IllegalArgumentException("only arrays have an element type; " + type + " has " + elementType);
            }
            checkScalar(type, value);
        }
    }

    private static void checkScalar(GgufValueType type, Object value) {
        boolean fits = switch (type) {
            case UINT8 -> value instanceof Long l && l >= 0 && l <= 0xFF;
            case INT8 -> value instanceof Long l && l >= Byte.MIN_VALUE && l <= Byte.MAX_VALUE;
            case UINT16 -> value instanceof Long l && l >= 0 && l <= 0xFFFF;
            case INT16 -> value instanceof Long l && l >= Short.MIN_VALUE && l <= Short.MAX_VALUE;
            case UINT32 -> value instanceof Long l && l >= 0 && l <= 0xFFFF_FFFFL;
            case INT32 -> value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
            case UINT64, INT64 -> value instanceof Long;
            case FLOAT32, FLOAT64 -> value instanceof Double;
            case BOOL -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case ARRAY -> false;
        };
        if (!fits) {
            throw new IllegalArgumentException("value " + value + " (" + (value == null ? "null" : value.getClass().getSimpleName())
                    + ") cannot be stored as GGUF " + type);
        }
    }

    public static GgufValue string(String value) {
        return new GgufValue(GgufValueType.STRING, null, value);
    }

    public static GgufValue uint32(long value) {
        return new GgufValue(GgufValueType.UINT32, null, value);
    }

    /** A FLOAT32, held as the double the float widens to, as {@link GgufFile} reads it back. */
    public static GgufValue float32(float value) {
        return new GgufValue(GgufValueType.FLOAT32, null, (double) value);
    }

    public static GgufValue bool(boolean value) {
        return new GgufValue(GgufValueType.BOOL, null, value);
    }

    public static GgufValue strings(List<String> values) {
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.STRING, values);
    }

    public static GgufValue float32s(float[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add((double) v);
        }
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.FLOAT32, list);
    }

    public static GgufValue int32s(int[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (int v : values) {
            list.add((long) v);
        }
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.INT32, list);
    }
}
