package ai.sail.text;

import ai.sail.io.GgufFile;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a SentencePiece vocabulary and its settings from the {@code tokenizer.*} metadata of a GGUF
 * file. Missing BOS/EOS/UNK ids default to 1/2/0, as llama.cpp assumes for this vocabulary kind; an
 * id of 0xFFFFFFFF (or -1) means "none", which is how llama.cpp's converter writes absent tokens.
 */
final class SpmGgufLoader {
    static final String MODEL = "tokenizer.ggml.model";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String SCORES = "tokenizer.ggml.scores";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    private static final long NONE = 0xFFFF_FFFFL;

    private SpmGgufLoader() {}

    static SentencePieceTokenizer load(GgufFile gguf) {
        String model = gguf.getString(MODEL);
        if (!"llama".equals(model)) {
            throw new IllegalArgumentException(gguf.path() + ": " + MODEL + " is '" + model
                    + "', but SentencePieceTokenizer reads only SentencePiece vocabularies ('llama')");
        }
        List<String> pieces = pieces(gguf);
        int n = pieces.size();
        SpmVocabulary vocab = new SpmVocabulary(pieces, scores(gguf, n), types(gguf, n));
        SpmSettings settings = new SpmSettings(
                specialId(gguf, "tokenizer.ggml.bos_token_id", 1, n),
                specialId(gguf, "tokenizer.ggml.eos_token_id", 2, n),
                specialId(gguf, "tokenizer.ggml.unknown_token_id", 0, n),
                specialId(gguf, "tokenizer.ggml.padding_token_id", -1, n),
                specialId(gguf, "tokenizer.ggml.seperator_token_id", -1, n), // sic: the GGUF key is misspelt
                specialId(gguf, "tokenizer.ggml.eot_token_id", -1, n),
                specialId(gguf, "tokenizer.ggml.eom_token_id", -1, n),
                gguf.getBoolean("tokenizer.ggml.add_bos_token", true),
                gguf.getBoolean("tokenizer.ggml.add_eos_token", false),
                gguf.getBoolean("tokenizer.ggml.add_space_prefix", true),
                gguf.findString("tokenizer.chat_template"));
        return new SentencePieceTokenizer(vocab, settings);
    }

    private static List<String> pieces(GgufFile gguf) {
        List<Object> raw = gguf.getList(TOKENS);
        if (raw.isEmpty()) {
            throw new IllegalArgumentException(gguf.path() + ": " + TOKENS + " is empty");
        }
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String)) {
                throw new IllegalArgumentException(gguf.path() + ": " + TOKENS + "[" + i + "] is not a string");
            }
        }
        return raw.stream().map(String.class::cast).toList();
    }

    /** Scores, or all zero if the file has none (then merges are decided by position alone). */
    private static float[] scores(GgufFile gguf, int n) {
        float[] scores = new float[n];
        List<Object> raw = gguf.findList(SCORES).orElse(null);
        if (raw == null) {
            return scores;
        }
        checkLength(gguf, SCORES, raw, n);
        for (int i = 0; i < n; i++) {
            if (!(raw.get(i) instanceof Number value)) {
                throw new IllegalArgumentException(gguf.path() + ": " + SCORES + "[" + i + "] is not a number");
            }
            scores[i] = value.floatValue();
        }
        return scores;
    }

    /** Piece types, or all NORMAL if the file has none. */
    private static PieceType[] types(GgufFile gguf, int n) {
        PieceType[] types = new PieceType[n];
        List<Object> raw = gguf.findList(TOKEN_TYPE).orElse(null);
        if (raw == null) {
            Arrays.fill(types, PieceType.NORMAL);
            return types;
        }
        checkLength(gguf, TOKEN_TYPE, raw, n);
        for (int i = 0; i < n; i++) {
            if (!(raw.get(i) instanceof Long value)) {
                throw new IllegalArgumentException(gguf.path() + ": " + TOKEN_TYPE + "[" + i + "] is not an integer");
            }
            try {
                types[i] = PieceType.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(gguf.path() + ": " + TOKEN_TYPE + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return types;
    }

    private static void checkLength(GgufFile gguf, String key, List<Object> list, int n) {
        if (list.size() != n) {
            throw new IllegalArgumentException(gguf.path() + ": " + key + " has " + list.size()
                    + " entries but " + TOKENS + " has " + n);
        }
    }

    private static int specialId(GgufFile gguf, String key, int fallback, int n) {
        OptionalLong stored = gguf.findLong(key);
        if (stored.isEmpty()) {
            return fallback < n ? fallback : -1;
        }
        long id = stored.getAsLong();
        if (id == NONE || id == -1) {
            return -1;
        }
        if (id < 0 || id >= n) {
            throw new IllegalArgumentException(gguf.path() + ": " + key + " is " + id
                    + ", outside the vocabulary of " + n + " tokens");
        }
        return (int) id;
    }
}
