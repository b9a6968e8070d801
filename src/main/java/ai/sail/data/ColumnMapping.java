package ai.sail.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which column of a data file holds which part of an example, for data sets whose columns are not
 * named {@code prompt}, {@code chosen}, {@code rejected} or {@code conversations}: for example
 * {@code prompt=question,chosen=response_j,rejected=response_k} for the Stack Exchange pairs. Keys left
 * out keep their own name as the column.
 */
public record ColumnMapping(String prompt, String chosen, String rejected, String conversations) {
    // Declared before DEFAULT: the constructor reads it while DEFAULT is being built.
    private static final List<String> KEYS = List.of("prompt", "chosen", "rejected", "conversations");
    private static final String EXAMPLE = "prompt=question,chosen=response_j,rejected=response_k";

    /** Every key read under its own name. */
    public static final ColumnMapping DEFAULT = new ColumnMapping("prompt", "chosen", "rejected", "conversations");

    public ColumnMapping {
        Map<String, String> columns = new LinkedHashMap<>();
        String[] values = {prompt, chosen, rejected, conversations};
        for (int i = 0; i < KEYS.size(); i++) {
            String column = values[i];
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("column mapping: key \"" + KEYS.get(i) + "\" needs a column name");
            }
            String other = columns.put(column, KEYS.get(i));
            if (other != null) {
                throw new IllegalArgumentException("column mapping: \"" + other + "\" and \"" + KEYS.get(i)
                        + "\" both read column \"" + column + "\"; each key needs its own column");
            }
        }
    }

    /**
     * Parses {@code key=column} pairs separated by commas, e.g. {@value #EXAMPLE}. Spaces around names
     * are ignored.
     *
     * @throws IllegalArgumentException for an unknown key, a key given twice or text that is not
     *     {@code key=column} pairs; the message lists the valid keys
     */
    public static ColumnMapping parse(String text) {
        if (text == null || text.isBlank()) {
            throw malformed(String.valueOf(text), "an empty mapping");
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String pair : text.split(",", -1)) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw malformed(text, "\"" + pair.strip() + "\"");
            }
            String key = parts[0].strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("column mapping \"" + text + "\": unknown key \"" + key
                        + "\"; valid keys: " + String.join(", ", KEYS));
            }
            if (given.put(key, parts[1].strip()) != null) {
                throw new IllegalArgumentException("column mapping \"" + text + "\": key \"" + key
                        + "\" is given twice");
            }
        }
        return new ColumnMapping(
                given.getOrDefault("prompt", DEFAULT.prompt),
                given.getOrDefault("chosen", DEFAULT.chosen),
                given.getOrDefault("rejected", DEFAULT.rejected),
                given.getOrDefault("conversations", DEFAULT.conversations));
    }

    private static IllegalArgumentException malformed(String text, String found) {
        return new IllegalArgumentException("column mapping \"" + text + "\": expected key=column pairs separated by"
                + " commas (e.g. " + EXAMPLE + "), got " + found + "; valid keys: " + String.join(", ", KEYS));
    }

    /** The mapping as {@link #parse} reads it, listing only keys that differ from their own name. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        String[] values = {prompt, chosen, rejected, conversations};
        for (int i = 0; i < KEYS.size(); i++) {
            if (!values[i].equals(KEYS.get(i))) {
                out.append(out.length() == 0 ? "" : ",").append(KEYS.get(i)).append('=').append(values[i]);
            }
        }
        return out.length() == 0 ? "(default columns)" : out.toString();
    }
}
