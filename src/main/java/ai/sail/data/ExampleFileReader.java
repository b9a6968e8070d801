package ai.sail.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The read loop every kind of data shares: stream the rows, detect the format from the first valid row,
 * parse every row in that format, and either stop at the first invalid row (with its origin, field and
 * what was expected) or skip it and keep count. A file that yields no example at all is an error, since
 * training on nothing is never what was meant.
 */
final class ExampleFileReader<E, F extends RowFormat> {
    private final RowParser<E, F> parser;
    private final boolean skipInvalid;

    ExampleFileReader(RowParser<E, F> parser, boolean skipInvalid) {
        this.parser = parser;
        this.skipInvalid = skipInvalid;
    }

    ReadResult<E> read(Path file) {
        Progress progress = new Progress();
        FileLayout layout = JsonRowSource.forEachRow(file, progress::accept);
        if (progress.examples.isEmpty()) {
            String why = progress.skipped == 0
                    ? "the file holds no rows"
                    : "all " + progress.skipped + " rows are invalid; the first: " + progress.reasons.get(0);
            throw new IllegalArgumentException(file + ": no valid rows: " + why);
        }
        return new ReadResult<>(file, progress.examples, layout, progress.format, progress.skipped,
                progress.reasons, parser.warnings(progress.examples));
    }

    /** The state of one read, filled row by row. */
    private final class Progress {
        final List<E> examples = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        F format;
        int skipped;

        void accept(JsonRow row) {
            try {
                JsonNode node = row.require();
                if (format == null) {
                    format = parser.detect(node);
                }
                examples.add(parser.parse(node, format, row.origin()));
            } catch (InvalidRowException e) {
                String reason = row.origin() + ": " + e.getMessage();
                if (!skipInvalid) {
                    throw new IllegalArgumentException(reason);
                }
                skipped++;
                if (reasons.size() < ReadResult.MAX_SKIP_REASONS) {
                    reasons.add(reason);
                }
            }
        }
    }
}
