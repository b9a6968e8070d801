package ai.sail.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a {@code tokenizer_config.json} into a {@link TokenizerConfig}. The format grew by accretion in
 * transformers (tokens as strings or as serialised {@code AddedToken} objects, one chat template or a
 * named list), so each field is checked for the shapes that occur in the wild and anything else is
 * reported with the file and field rather than guessed at.
 */
final class TokenizerConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerConfigReader() {}

    static TokenizerConfig read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return TokenizerConfig.empty();
        }
        JsonNode root = JsonFiles.readTree(JSON, file);
        if (!root.isObject()) {
            throw new TokenizerFormatException(file + ": expected a JSON object, found " + root.getNodeType());
        }
        FieldReader fields = new FieldReader(file, root);
        return new TokenizerConfig(
                fields.token("bos_token"),
                fields.token("eos_token"),
                fields.token("pad_token"),
                fields.token("unk_token"),
                fields.flag("add_bos_token"),
                fields.flag("add_eos_token"),
                fields.chatTemplate("chat_template"),
                fields.tokenList("additional_special_tokens"),
                fields.maxLength("model_max_length"));
    }

    /** Reads the fields of one config object, naming the file and field in every complaint. */
    private record FieldReader(Path file, JsonNode root) {

        Optional<String> token(String field) throws TokenizerFormatException {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            return Optional.of(tokenContent(node, field));
        }

        /** A token is either its plain string or an {@code AddedToken} object carrying {@code content}. */
        private String tokenContent(JsonNode node, String where) throws TokenizerFormatException {
            if (node.isTextual()) {
                return node.asText();
            }
            if (node.isObject() && node.path("content").isTextual()) {
                return node.get("content").asText();
            }
            throw error(where, "expected a token string or an AddedToken object with a string 'content', found "
                    + describe(node));
        }

        Optional<Boolean> flag(String field) throws TokenizerFormatException {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (!node.isBoolean()) {
                throw error(field, "expected true, false or null, found " + describe(node));
            }
            return Optional.of(node.booleanValue());
        }

        /** One template string, or a list of {@code {name, template}}: the one named default, else the first. */
        Optional<String> chatTemplate(String field) throws TokenizerFormatException {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return Optional.empty();
            }
            if (node.isTextual()) {
                return Optional.of(node.asText());
            }
            if (!node.isArray()) {
                throw error(field, "expected a template string or a list of {name, template}, found " + describe(node));
            }
            String first = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode entry = node.get(i);
                String where = field + "[" + i + "]";
                if (!entry.isObject() || !entry.path("template").isTextual()) {
                    throw error(where, "expected an object with a string 'template', found " + describe(entry));
                }
                String template = entry.get("template").asText();
                if ("default".equals(entry.path("name").asText(null))) {
                    return Optional.of(template);
                }
                if (first == null) {
                    first = template;
                }
            }
            return Optional.ofNullable(first);
        }

        List<String> tokenList(String field) throws TokenizerFormatException {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw error(field, "expected a list of tokens, found " + describe(node));
            }
            LinkedHashSet<String> tokens = new LinkedHashSet<>();
            for (int i = 0; i < node.size(); i++) {
                tokens.add(tokenContent(node.get(i), field + "[" + i + "]"));
            }
            return new ArrayList<>(tokens);
        }

        OptionalInt maxLength(String field) throws TokenizerFormatException {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return OptionalInt.empty();
            }
            if (!node.isNumber()) {
                throw error(field, "expected a number, found " + describe(node));
            }
            double value = node.doubleValue();
            if (value < 1 || value != Math.rint(value)) {
                throw error(field, "expected a positive whole number, found " + node);
            }
            // transformers writes int(1e30) when a model sets no limit; anything beyond int is that sentinel.
            return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
        }

        private TokenizerFormatException error(String field, String what) {
            return new TokenizerFormatException(file + ": field '" + field + "': " + what);
        }

        private static String describe(JsonNode node) {
            String text = node.toString();
            return node.getNodeType() + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
        }
    }
}
