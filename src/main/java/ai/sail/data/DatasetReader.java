package ai.sail.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads preference pairs and prompts from JSON Lines files or JSON arrays, detecting the row format of
 * each file from its first valid row (see the package documentation for the rules).
 *
 * <p>By default the first invalid row stops the read with an {@link IllegalArgumentException} naming
 * the file, the line (or array index), the field and what was expected. With {@code skipInvalid} such
 * rows are skipped and counted in the {@link ReadResult}; a syntax error inside a JSON array still stops
 * the read, as nothing after it can be located.
 *
 * <p>One read loop serves both kinds of data: the rows are streamed one parsed tree at a time (a large
 * data set never sits in memory as text), the format is detected from the first valid row, and every row
 * is handed to the {@link RowParser} of its kind ({@link PreferenceRowParser}, {@link PromptRowParser}),
 * which makes the example. A file that yields no example at all is an error, since training on nothing
 * is never what was meant.
 */
public final class DatasetReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A line holding two values ({@code {} {}}) is an error, not its first value. */
    private static final ObjectReader ONE_VALUE = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ColumnMapping columns;
    private final boolean skipInvalid;

    public DatasetReader(ColumnMapping columns, boolean skipInvalid) {
        this.columns = Objects.requireNonNull(columns, "columns");
        this.skipInvalid = skipInvalid;
    }

    /** Default column names; the first invalid row is an error. */
    public static DatasetReader strict() {
        return new DatasetReader(ColumnMapping.DEFAULT, false);
    }

    public ReadResult<PreferenceExample> preferences(Path file) {
        return read(file, new PreferenceRowParser(columns));
    }

    public ReadResult<PromptExample> prompts(Path file) {
        return read(file, new PromptRowParser(columns));
    }

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
    }

    private <E, F extends RowFormat> ReadResult<E> read(Path file, RowParser<E, F> parser) {
        Rows<E, F> rows = new Rows<>(parser);
        FileLayout layout;
        try {
            layout = layoutOf(file);
            if (layout == FileLayout.JSON_ARRAY) {
                readArray(file, rows);
            } else {
                readLines(file, rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (rows.examples.isEmpty()) {
            String why = rows.skipped == 0
                    ? "the file holds no rows"
                    : "all " + rows.skipped + " rows are invalid; the first: " + rows.reasons.get(0);
            throw new IllegalArgumentException(file + ": no valid rows: " + why);
        }
        return new ReadResult<>(file, rows.examples, layout, rows.format, rows.skipped, rows.reasons,
                parser.warnings(rows.examples));
    }

    /** The state of one read, filled row by row. Rows are named {@code file:line} or {@code file[index]}. */
    private final class Rows<E, F extends RowFormat> {
        final RowParser<E, F> parser;
        final List<E> examples = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        F format;
        int skipped;

        Rows(RowParser<E, F> parser) {
            this.parser = parser;
        }

        /** A row that parsed as JSON: the first valid one decides the format, every one becomes an example. */
        void accept(String origin, JsonNode row) {
            try {
                if (format == null) {
                    format = parser.detect(row);
                }
                examples.add(parser.parse(row, format, origin));
            } catch (InvalidRowException e) {
                reject(origin, e.getMessage());
            }
        }

        /** A row that cannot become an example: the read stops, or the row is skipped and counted. */
        void reject(String origin, String why) {
            String reason = origin + ": " + why;
            if (!skipInvalid) {
                throw new IllegalArgumentException(reason);
            }
            skipped++;
            if (reasons.size() < ReadResult.MAX_SKIP_REASONS) {
                reasons.add(reason);
            }
        }
    }

    /** See {@link FileLayout}: the first non-blank character decides. */
    private static FileLayout layoutOf(Path file) throws IOException {
        // Decoding errors become U+FFFD here: the line reader reports them with their line number.
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\uFEFF' || Character.isWhitespace(c)) {
                    continue;
                }
                return c == '[' ? FileLayout.JSON_ARRAY : FileLayout.JSON_LINES;
            }
            return FileLayout.JSON_LINES;
        }
    }

    /**
     * One value per line; a line that does not parse, or is not valid UTF-8, is an invalid row, which
     * may be skipped.
     */
    private static void readLines(Path file, Rows<?, ?> rows) throws IOException {
        try (Utf8LineReader in = new Utf8LineReader(Files.newInputStream(file))) {
            Utf8LineReader.Line read;
            int number = 0;
            boolean first = true;
            while ((read = in.next()) != null) {
                number++;
                String origin = file + ":" + number;
                if (!read.valid()) {
                    rows.reject(origin, read.problem());
                    first = false;
                    continue;
                }
                String line = read.text();
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.accept(origin, ONE_VALUE.readTree(line));
                } catch (JsonProcessingException e) {
                    String hint = first && e instanceof JsonEOFException
                            ? " (JSON Lines needs one complete value per line; a single object spread over"
                                    + " several lines is not a supported layout: use a top-level array of rows)"
                            : "";
                    rows.reject(origin, "not valid JSON: " + e.getOriginalMessage() + hint);
                }
                first = false;
            }
        }
    }

    /**
     * The elements of one top-level array. A syntax error inside the array stops the read whatever the
     * caller wants: after it the parser cannot tell where the next element starts.
     */
    private static void readArray(Path file, Rows<?, ?> rows) throws IOException {
        // Bytes, not a reader: Jackson then reports a byte that is not UTF-8 with its line and column.
        try (JsonParser parser = JSON.createParser(Files.newInputStream(file))) {
            int index = 0;
            try {
                parser.nextToken(); // the opening [
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token == null) {
                        throw new IllegalArgumentException(file + "[" + index + "]: the file ends inside the array");
                    }
                    JsonNode node = JSON.readTree(parser);
                    rows.accept(file + "[" + index + "]", node);
                    index++;
                }
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException(file + ": unexpected content after the closing ] of the array"
                            + at(parser.currentLocation()));
                }
            } catch (JsonProcessingException e) {
                if (e.getOriginalMessage().startsWith("Invalid UTF-8")) {
                    throw new IllegalArgumentException(file + "[" + index + "]: not valid UTF-8" + at(e.getLocation())
                            + " (" + e.getOriginalMessage() + "); data files must be UTF-8: re-encode the file (e.g."
                            + " from Latin-1) or fix the row; rows after it in a JSON array cannot be found, so this"
                            + " stops the read even when invalid rows are skipped", e);
                }
                throw new IllegalArgumentException(file + "[" + index + "]: not valid JSON" + at(e.getLocation())
                        + ": " + e.getOriginalMessage() + "; rows after a syntax error in a JSON array cannot be"
                        + " found, so this stops the read even when invalid rows are skipped", e);
            }
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
