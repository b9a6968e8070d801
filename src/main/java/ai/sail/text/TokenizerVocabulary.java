package ai.sail.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The id-to-token table of a {@code tokenizer.json}: the model's vocabulary plus the added tokens.
 * DJL's binding of the Rust tokenizer exposes neither {@code token_to_id} nor {@code id_to_token}, and
 * Sail needs both (special token ids from their strings, token surfaces for display), so the table is
 * read from the same file the native tokenizer reads.
 */
final class TokenizerVocabulary {
    private final Map<String, Integer> ids;
    private final String[] tokens;
    private final Set<Integer> specialIds;

    private TokenizerVocabulary(Map<String, Integer> ids, String[] tokens, Set<Integer> specialIds) {
        this.ids = ids;
        this.tokens = tokens;
        this.specialIds = specialIds;
    }

    /** Reads {@code model.vocab} (a token-to-id object, or Unigram's list of [piece, score]) and {@code added_tokens}. */
    static TokenizerVocabulary of(JsonNode root, Path file) throws TokenizerFormatException {
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
                if (!entry.getValue().canConvertToInt() || entry.getValue().intValue() < 0) {
                    throw new TokenizerFormatException(file + ": field 'model.vocab': token '" + entry.getKey()
                            + "' has id " + entry.getValue() + ", expected a non-negative integer");
                }
                ids.put(entry.getKey(), entry.getValue().intValue());
            }
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                JsonNode piece = vocab.get(i).path(0);
                if (!piece.isTextual()) {
                    throw new TokenizerFormatException(file + ": field 'model.vocab[" + i
                            + "]': expected [piece, score], found " + vocab.get(i));
                }
                ids.putIfAbsent(piece.asText(), i);
            }
        } else {
            throw new TokenizerFormatException(file + ": field 'model.vocab': expected an object or a list, found "
                    + vocab.getNodeType());
        }
        Map<Integer, String> addedById = new HashMap<>();
        Set<Integer> specialIds = new HashSet<>();
        JsonNode added = root.path("added_tokens");
        for (int i = 0; i < added.size(); i++) {
            JsonNode token = added.get(i);
            if (!token.path("content").isTextual() || !token.path("id").canConvertToInt()
                    || token.get("id").intValue() < 0) {
                throw new TokenizerFormatException(file + ": field 'added_tokens[" + i
                        + "]': expected an object with a non-negative 'id' and a string 'content', found " + token);
            }
            int id = token.get("id").intValue();
            ids.put(token.get("content").asText(), id);
            addedById.put(id, token.get("content").asText());
            if (token.path("special").asBoolean(false)) {
                specialIds.add(id);
            }
        }
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] tokens = new String[size];
        ids.forEach((token, id) -> tokens[id] = token);
        // Like the Rust library's id_to_token, an added token wins over a model token with the same id.
        addedById.forEach((id, token) -> tokens[id] = token);
        return new TokenizerVocabulary(Map.copyOf(ids), tokens, Collections.unmodifiableSet(specialIds));
    }

    OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The token with this id; ids past the end or in a gap of the table are an error. */
    String token(int id) {
        if (id < 0 || id >= tokens.length || tokens[id] == null) {
            throw new IllegalArgumentException("no token has id " + id + " (vocabulary size " + tokens.length + ")");
        }
        return tokens[id];
    }

    /** One more than the largest id: the size an embedding table needs to cover every token. */
    int size() {
        return tokens.length;
    }

    /** Ids of the added tokens marked special, which decoding drops when asked to skip special tokens. */
    Set<Integer> specialIds() {
        return specialIds;
    }
}
