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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Streams the rows of a JSON Lines file or of a top-level JSON array, one parsed tree at a time, so a
 * large data set never sits in memory as text. Each row is named for error messages: {@code file:line}
 * for JSON Lines, {@code file[index]} for an array.
 *
 * <p>A JSON Lines row that does not parse is handed on as a broken row (the reader may skip it). A
 * syntax error inside an array stops the read whatever the caller wants: after it the parser cannot
 * tell where the next element starts.
 */
final class JsonRowSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A line holding two values ({@code {} {}}) is an error, not its first value. */
    private static final ObjectReader ONE_VALUE = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRowSource() {}

    /** Hands every row of {@code file} to {@code sink} in order and returns the layout it found. */
    static FileLayout forEachRow(Path file, Consumer<JsonRow> sink) {
        try {
            FileLayout layout = layoutOf(file);
            if (layout == FileLayout.JSON_ARRAY) {
                readArray(file, sink);
            } else {
                readLines(file, sink);
            }
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileLayout layoutOf(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
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

    private static void readLines(Path file, Consumer<JsonRow> sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String origin = file + ":" + number;
                try {
                    sink.accept(JsonRow.parsed(origin, ONE_VALUE.readTree(line)));
                } catch (JsonProcessingException e) {
                    String hint = first && e instanceof JsonEOFException
                            ? " (JSON Lines needs one complete value per line; a single object spread over"
                                    + " several lines is not a supported layout: use a top-level array of rows)"
                            : "";
                    sink.accept(JsonRow.broken(origin, "not valid JSON: " + e.getOriginalMessage() + hint));
                }
                first = false;
            }
        }
    }

    private static void readArray(Path file, Consumer<JsonRow> sink) throws IOException {
        try (JsonParser parser = JSON.createParser(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            int index = 0;
            try {
                parser.nextToken(); // the opening [
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token == null) {
                        throw new IllegalArgumentException(file + "[" + index + "]: the file ends inside the array");
                    }
                    JsonNode node = JSON.readTree(parser);
                    sink.accept(JsonRow.parsed(file + "[" + index + "]", node));
                    index++;
                }
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException(file + ": unexpected content after the closing ] of the array"
                            + at(parser.currentLocation()));
                }
            } catch (JsonProcessingException e) {
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
