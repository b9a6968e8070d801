package ai.sail.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Turns JSON rows of one kind of data (preference pairs, prompts) into examples. Both methods throw
 * {@link InvalidRowException} for a row they cannot use; the reader decides whether that stops the read.
 *
 * @param <E> the example type
 * @param <F> the row formats this kind of data comes in
 */
interface RowParser<E, F extends RowFormat> {
    /** The format of a file, judged from its first valid row. */
    F detect(JsonNode row);

    /** One row of a file already known to be in {@code format}. */
    E parse(JsonNode row, F format, String origin);

    /** Remarks about examples that are valid but suspicious, for the read result. */
    default List<String> warnings(List<E> examples) {
        return List.of();
    }

    /** A row must be a JSON object to have fields at all. */
    static void requireObject(JsonNode row) {
        if (!row.isObject()) {
            throw new InvalidRowException("expected a JSON object, got " + RowFields.describe(row));
        }
    }
}
