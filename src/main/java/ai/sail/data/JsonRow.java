package ai.sail.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One row as read from a file: its parsed JSON, or the syntax problem of a JSON Lines row that did not
 * parse (such a row can be skipped, the next line is independent of it).
 */
record JsonRow(String origin, JsonNode node, String syntaxError) {
    static JsonRow parsed(String origin, JsonNode node) {
        return new JsonRow(origin, node, null);
    }

    static JsonRow broken(String origin, String syntaxError) {
        return new JsonRow(origin, null, syntaxError);
    }

    /** The parsed row, or the syntax problem as an {@link InvalidRowException}. */
    JsonNode require() {
        if (node == null) {
            throw new InvalidRowException(syntaxError);
        }
        return node;
    }
}
