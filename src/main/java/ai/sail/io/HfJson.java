package ai.sail.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Formats the JSON files of a Hugging Face model directory ({@code config.json},
 * {@code tokenizer_config.json}, ...) as transformers' {@code save_pretrained} writes them:
 * {@code json.dumps(x, indent=2, sort_keys=True, ensure_ascii=False)} plus a newline. Any reader
 * accepts any layout; this one keeps a saved checkpoint diffable against one the Python tools saved.
 */
public final class HfJson {
    private static final ObjectWriter WRITER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private HfJson() {}

    /**
     * UTF-8 bytes of {@code tree}: maps, lists, strings, numbers, booleans and nulls. Keys are
     * sorted at every level.
     */
    public static byte[] format(Map<String, ?> tree) {
        try {
            return (WRITER.writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }
}
