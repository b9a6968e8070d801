package ai.sail.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes {@code tokenizer.json}'s post-processor add BOS/EOS the way {@code tokenizer_config.json} asks.
 *
 * <p>The Rust library only knows its post-processor; transformers' Llama-family fast tokenizers rebuild
 * that post-processor from {@code add_bos_token} / {@code add_eos_token}. This class does the same
 * rebuild, and only where it is unambiguous: when the post-processor is absent or a
 * {@code TemplateProcessing} (possibly inside a {@code Sequence}) of the plain shape
 * {@code [special] $A [special]}. Any other post-processor (GPT-2's {@code ByteLevel}, BERT's
 * {@code [CLS] ... [SEP]}) is left alone and the flags are ignored, as transformers' fast tokenizers
 * for those models ignore them too. When the flags agree with what the file already does, nothing changes,
 * so ids stay exactly those of the Python {@code tokenizers} library.
 */
final class SpecialTokenTemplate {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecialTokenTemplate() {}

    /**
     * Rewrites {@code root}'s post-processor in place if the config's flags ask for a different BOS/EOS
     * than it produces; returns whether it did.
     */
    static boolean apply(ObjectNode root, TokenizerConfig config, TokenizerVocabulary vocabulary, Path file)
            throws TokenizerFormatException {
        if (config.addBosToken().isEmpty() && config.addEosToken().isEmpty()) {
            return false;
        }
        JsonNode processor = root.get("post_processor");
        if (processor != null && "Sequence".equals(processor.path("type").asText())) {
            if (!(processor.get("processors") instanceof ArrayNode steps)) {
                throw new TokenizerFormatException(file + ": field 'post_processor.processors': expected a list");
            }
            int found = -1;
            for (int i = 0; i < steps.size(); i++) {
                if ("TemplateProcessing".equals(steps.get(i).path("type").asText())) {
                    if (found >= 0) {
                        return false; // two templates: no single place to put BOS/EOS
                    }
                    found = i;
                }
            }
            if (found < 0) {
                return false;
            }
            Optional<JsonNode> replacement = replacement(steps.get(found), config, vocabulary, file);
            if (replacement.isPresent()) {
                steps.set(found, replacement.get());
            }
            return replacement.isPresent();
        }
        if (processor != null && !processor.isNull()
                && !"TemplateProcessing".equals(processor.path("type").asText())) {
            return false;
        }
        Optional<JsonNode> replacement = replacement(processor, config, vocabulary, file);
        replacement.ifPresent(node -> root.set("post_processor", node));
        return replacement.isPresent();
    }

    /** The new {@code TemplateProcessing}, or empty if the current one already does what the config asks. */
    private static Optional<JsonNode> replacement(JsonNode processor, TokenizerConfig config,
            TokenizerVocabulary vocabulary, Path file) throws TokenizerFormatException {
        String currentBos = null;
        String currentEos = null;
        if (processor != null && !processor.isNull()) {
            JsonNode single = processor.path("single");
            int sequence = -1;
            for (int i = 0; i < single.size(); i++) {
                if (single.get(i).has("Sequence")) {
                    if (sequence >= 0) {
                        return Optional.empty();
                    }
                    sequence = i;
                }
            }
            if (sequence < 0 || sequence > 1 || single.size() - sequence > 2) {
                return Optional.empty(); // not the plain [special] $A [special] shape
            }
            currentBos = sequence == 1 ? specialTokenOf(single.get(0)) : null;
            currentEos = single.size() - sequence == 2 ? specialTokenOf(single.get(sequence + 1)) : null;
            if ((sequence == 1 && currentBos == null) || (single.size() - sequence == 2 && currentEos == null)) {
                return Optional.empty();
            }
        }
        String bos = wanted(config.addBosToken(), config.bosToken(), currentBos, "add_bos_token", "bos_token", file);
        String eos = wanted(config.addEosToken(), config.eosToken(), currentEos, "add_eos_token", "eos_token", file);
        if (Objects.equals(bos, currentBos) && Objects.equals(eos, currentEos)) {
            return Optional.empty();
        }
        return Optional.of(templateProcessing(bos, eos, vocabulary, file));
    }

    private static String wanted(Optional<Boolean> flag, Optional<String> token, String current,
            String flagName, String tokenName, Path file) throws TokenizerFormatException {
        if (flag.isEmpty()) {
            return current;
        }
        if (!flag.get()) {
            return null;
        }
        if (token.isEmpty()) {
            throw new TokenizerFormatException(file + ": field '" + flagName + "' is true but '" + tokenName
                    + "' is not set");
        }
        return token.get();
    }

    private static String specialTokenOf(JsonNode piece) {
        JsonNode id = piece.path("SpecialToken").path("id");
        return id.isTextual() ? id.asText() : null;
    }

    /** The template transformers builds: {@code bos:0 $A:0 eos:0} and {@code ... bos:1 $B:1 eos:1}. */
    private static ObjectNode templateProcessing(String bos, String eos, TokenizerVocabulary vocabulary, Path file)
            throws TokenizerFormatException {
        ArrayNode single = NODES.arrayNode();
        ArrayNode pair = NODES.arrayNode();
        for (int typeId = 0; typeId < 2; typeId++) {
            ArrayNode target = typeId == 0 ? single : pair;
            if (bos != null) {
                target.add(piece("SpecialToken", bos, typeId));
            }
            target.add(piece("Sequence", typeId == 0 ? "A" : "B", typeId));
            if (eos != null) {
                target.add(piece("SpecialToken", eos, typeId));
            }
            if (typeId == 0) {
                pair.addAll(single);
            }
        }
        ObjectNode specials = NODES.objectNode();
        for (String token : new String[] {bos, eos}) {
            if (token != null) {
                int id = vocabulary.id(token).orElseThrow(() -> new TokenizerFormatException(
                        "tokenizer_config.json asks to add the special token '" + token + "', which is not in "
                                + file));
                ObjectNode entry = specials.putObject(token);
                entry.put("id", token);
                entry.putArray("ids").add(id);
                entry.putArray("tokens").add(token);
            }
        }
        ObjectNode processor = NODES.objectNode();
        processor.put("type", "TemplateProcessing");
        processor.set("single", single);
        processor.set("pair", pair);
        processor.set("special_tokens", specials);
        return processor;
    }

    private static ObjectNode piece(String kind, String id, int typeId) {
        ObjectNode piece = NODES.objectNode();
        ObjectNode body = piece.putObject(kind);
        body.put("id", id);
        body.put("type_id", typeId);
        return piece;
    }
}
