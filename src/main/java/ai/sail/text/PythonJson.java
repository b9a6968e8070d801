package ai.sail.text;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes values the way Python's {@code json.dumps(x, ensure_ascii=False, ...)} does, because that is
 * what transformers' {@code tojson} filter prints into prompts (tool schemas, tool-call arguments).
 * Jinjava's own {@code tojson} is compact ({@code {"a":1}}) where Python writes {@code {"a": 1}}; the
 * model was trained on the Python spelling, so the spacing, escapes and float format follow Python.
 *
 * @param indent {@code null} for one line, else spaces per nesting level (Python's {@code indent=})
 * @param itemSeparator between items; Python's default is {@code ", "}, or {@code ","} with an indent
 * @param keySeparator between a key and its value; {@code ": "} by default
 * @param sortKeys sort object keys (Python's {@code sort_keys=True})
 */
record PythonJson(Integer indent, String itemSeparator, String keySeparator, boolean sortKeys) {

    static PythonJson of(Integer indent, Optional<List<String>> separators, boolean sortKeys) {
        String item = indent == null ? ", " : ",";
        String key = ": ";
        if (separators.isPresent()) {
            if (separators.get().size() != 2) {
                throw new IllegalArgumentException("tojson: separators must be a pair (item, key), got "
                        + separators.get());
            }
            item = separators.get().get(0);
            key = separators.get().get(1);
        }
        return new PythonJson(indent, item, key, sortKeys);
    }

    String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private void write(Object value, int depth, StringBuilder out) {
        if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof CharSequence || value instanceof Character) {
            string(value.toString(), out);
        } else if (value instanceof Double || value instanceof Float) {
            out.append(pythonFloat(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal d) {
            out.append(pythonFloat(d.doubleValue()));
        } else if (value instanceof Number n) {
            out.append(n instanceof BigInteger ? n.toString() : Long.toString(n.longValue()));
        } else if (value instanceof Map<?, ?> map) {
            object(map, depth, out);
        } else if (value instanceof Collection<?> items) {
            array(items, depth, out);
        } else if (value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            array(items, depth, out);
        } else {
            throw new IllegalArgumentException("tojson: a " + value.getClass().getSimpleName()
                    + " is not JSON serialisable");
        }
    }

    private void object(Map<?, ?> map, int depth, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(new AbstractMap.SimpleEntry<>(String.valueOf(k), v)));
        if (sortKeys) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            separate(i, depth + 1, out);
            string(entries.get(i).getKey(), out);
            out.append(keySeparator);
            write(entries.get(i).getValue(), depth + 1, out);
        }
        newline(depth, out);
        out.append('}');
    }

    private void array(Collection<?> items, int depth, StringBuilder out) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        int i = 0;
        for (Object item : items) {
            separate(i++, depth + 1, out);
            write(item, depth + 1, out);
        }
        newline(depth, out);
        out.append(']');
    }

    private void separate(int index, int depth, StringBuilder out) {
        if (index > 0) {
            out.append(itemSeparator);
        }
        newline(depth, out);
    }

    private void newline(int depth, StringBuilder out) {
        if (indent != null) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    /** Python's escapes with {@code ensure_ascii=False}: quote, backslash and control characters only. */
    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)}: shortest digits, exponent form below 1e-4 and from 1e16 on. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale(); // d = digits[0].digits[1..] x 10^exponent
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = exact.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
