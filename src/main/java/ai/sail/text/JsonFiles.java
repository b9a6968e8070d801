package ai.sail.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Reads a tokenizer JSON file into a tree, and when the JSON is broken says where: the file, the line
 * and column, and the field being read. Jackson's own message gives only a position in a stream.
 */
final class JsonFiles {
    private JsonFiles() {}

    static JsonNode readTree(ObjectMapper json, Path file) throws IOException {
        try (JsonParser parser = json.createParser(file.toFile())) {
            try {
                JsonNode root = json.readTree(parser);
                if (root == null) {
                    throw new TokenizerFormatException(file + ": the file is empty");
                }
                return root;
            } catch (JsonProcessingException e) {
                throw new TokenizerFormatException(describe(file, parser, e), e);
            }
        }
    }

    private static String describe(Path file, JsonParser parser, JsonProcessingException e) {
        StringBuilder message = new StringBuilder().append(file).append(": malformed JSON");
        String field = fieldPath(parser.getParsingContext());
        if (!field.isEmpty()) {
            message.append(" in field '").append(field).append('\'');
        }
        JsonLocation at = e.getLocation();
        if (at != null) {
            message.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
        }
        return message.append(": ").append(e.getOriginalMessage()).toString();
    }

    /** The path of names and list indexes leading to where the parser stopped, e.g. {@code model.vocab}. */
    private static String fieldPath(JsonStreamContext context) {
        ArrayDeque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            } else if (c.getCurrentName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(c.getCurrentName());
            }
        }
        return path.toString();
    }
}
