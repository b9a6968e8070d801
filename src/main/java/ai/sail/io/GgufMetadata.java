package ai.sail.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The key/value metadata of a GGUF file in file order, with typed getters whose errors name the
 * file, the key and the expected type.
 *
 * <p>Values are mapped to a few Java types so callers need not care which width the writer chose:
 * every integer type (UINT8 ... INT64) becomes a {@link Long}; UINT64 is kept as its 64 bits, so a
 * value above {@link Long#MAX_VALUE} appears negative (use {@link Long#toUnsignedString}); FLOAT32
 * and FLOAT64 become {@link Double} (a FLOAT32 is widened exactly, so {@code 1e-5f} reads back as
 * {@code 9.999999747378752E-6}); BOOL becomes {@link Boolean}; STRING {@link String}; ARRAY an
 * unmodifiable {@code List<Object>} of the same mapping, nested as deep as the file nests it.
 *
 * <p>The {@code find...} and defaulting getters treat only a missing key as absent: a key that is
 * present with the wrong type is a broken file and always raises an error.
 */
public final class GgufMetadata {
    private final String source;
    private final Map<String, Object> values;
    private final Map<String, GgufValueType> types;

    GgufMetadata(String source, LinkedHashMap<String, Object> values, Map<String, GgufValueType> types) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
        this.types = Map.copyOf(types);
    }

    /** All entries, in the order the file stores them. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** The GGUF type a key was stored with. */
    public Optional<GgufValueType> type(String key) {
        return Optional.ofNullable(types.get(key));
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public String getString(String key) {
        return findString(key).orElseThrow(() -> missing(key, "a string"));
    }

    public String getString(String key, String fallback) {
        return findString(key).orElse(fallback);
    }

    public Optional<String> findString(String key) {
        Object v = values.get(key);
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
        Object v = values.get(key);
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
        Object v = values.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (v instanceof Double d) {
            return OptionalDouble.of(d);
        }
        if (v instanceof Long l && types.get(key) != GgufValueType.UINT64) {
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
        Object v = values.get(key);
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
        Object v = values.get(key);
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
            throw new IllegalArgumentException(source + ": metadata key '" + key + "' holds " + value
                    + ", which does not fit in an int");
        }
        return (int) value;
    }

    private IllegalArgumentException missing(String key, String expected) {
        return new IllegalArgumentException(
                source + ": metadata key '" + key + "' is missing (expected " + expected + ")");
    }

    private IllegalArgumentException mistyped(String key, String expected) {
        return new IllegalArgumentException(source + ": metadata key '" + key + "' holds " + types.get(key)
                + " " + preview(values.get(key)) + ", expected " + expected);
    }

    private static String preview(Object v) {
        if (v instanceof List<?> list) {
            return "with " + list.size() + " elements";
        }
        String s = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
