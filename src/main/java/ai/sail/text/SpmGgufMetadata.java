package ai.sail.text;

import ai.sail.io.GgufValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of {@link SpmGgufLoader}: a SentencePiece vocabulary and its settings as the
 * {@code tokenizer.ggml.*} metadata llama.cpp's converter writes for a Llama-family model, with the
 * types llama.cpp reads them as (pieces STRING, scores FLOAT32, piece types INT32, special ids
 * UINT32). Special ids the vocabulary lacks are left out, which llama.cpp and {@link SpmGgufLoader}
 * both read as "none".
 */
final class SpmGgufMetadata {
    private SpmGgufMetadata() {}

    static Map<String, GgufValue> of(SpmVocabulary vocab, SpmSettings settings) {
        int n = vocab.size();
        List<String> pieces = new ArrayList<>(n);
        float[] scores = new float[n];
        int[] types = new int[n];
        for (int id = 0; id < n; id++) {
            pieces.add(vocab.piece(id));
            scores[id] = vocab.score(id);
            types[id] = vocab.type(id).id();
        }
        Map<String, GgufValue> out = new LinkedHashMap<>();
        out.put(SpmGgufLoader.MODEL, GgufValue.string("llama"));
        out.put(SpmGgufLoader.TOKENS, GgufValue.strings(pieces));
        out.put(SpmGgufLoader.SCORES, GgufValue.float32s(scores));
        out.put(SpmGgufLoader.TOKEN_TYPE, GgufValue.int32s(types));
        putId(out, "tokenizer.ggml.bos_token_id", settings.bos());
        putId(out, "tokenizer.ggml.eos_token_id", settings.eos());
        putId(out, "tokenizer.ggml.unknown_token_id", settings.unk());
        putId(out, "tokenizer.ggml.padding_token_id", settings.pad());
        putId(out, "tokenizer.ggml.seperator_token_id", settings.sep()); // sic: the GGUF key is misspelt
        putId(out, "tokenizer.ggml.eot_token_id", settings.eot());
        putId(out, "tokenizer.ggml.eom_token_id", settings.eom());
        out.put("tokenizer.ggml.add_bos_token", GgufValue.bool(settings.addBos()));
        out.put("tokenizer.ggml.add_eos_token", GgufValue.bool(settings.addEos()));
        out.put("tokenizer.ggml.add_space_prefix", GgufValue.bool(settings.addSpacePrefix()));
        settings.chatTemplate().ifPresent(t -> out.put("tokenizer.chat_template", GgufValue.string(t)));
        return out;
    }

    private static void putId(Map<String, GgufValue> out, String key, int id) {
        if (id >= 0) {
            out.put(key, GgufValue.uint32(id));
        }
    }
}
