package ai.sail.text;

import ai.sail.io.AtomicWrite;
import ai.sail.io.HfJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link SentencePieceTokenizer} as transformers saves a Llama tokenizer: the vocabulary as
 * {@code tokenizer.model} ({@link SpmModelProto}), and a {@code tokenizer_config.json} and
 * {@code special_tokens_map.json} that name the special pieces and say what encoding adds.
 *
 * <p>{@code legacy: true} is written because it is how Sail and llama.cpp segment text: each stretch
 * after a special piece gets the dummy-prefix space again. The control, unknown and user-defined
 * pieces are listed as added tokens, so that transformers, like Sail, recognises them written in
 * text; the sentencepiece library alone would not.
 */
record SentencePieceTokenizerFiles(SentencePieceTokenizer tokenizer) implements TokenizerFiles {

    @Override
    public void writeTo(Path dir) throws IOException {
        SpmVocabulary vocab = tokenizer.vocabulary();
        SpmSettings settings = tokenizer.settings();
        AtomicWrite.newFile(dir.resolve("tokenizer.model"), SpmModelProto.write(vocab, settings));
        AtomicWrite.newFile(dir.resolve("tokenizer_config.json"), HfJson.format(tokenizerConfig(vocab, settings)));
        AtomicWrite.newFile(dir.resolve("special_tokens_map.json"), HfJson.format(specialTokens(vocab, settings)));
    }

    private static Map<String, Object> tokenizerConfig(SpmVocabulary vocab, SpmSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tokenizer_class", "LlamaTokenizer");
        json.put("add_bos_token", settings.addBos());
        json.put("add_eos_token", settings.addEos());
        json.put("add_prefix_space", settings.addSpacePrefix());
        json.put("legacy", true);
        json.put("clean_up_tokenization_spaces", false);
        json.put("spaces_between_special_tokens", false);
        json.put("sp_model_kwargs", Map.of());
        json.put("bos_token", piece(vocab, settings.bos()));
        json.put("eos_token", piece(vocab, settings.eos()));
        json.put("unk_token", piece(vocab, settings.unk()));
        json.put("pad_token", piece(vocab, settings.pad()));
        json.put("added_tokens_decoder", addedTokens(vocab));
        settings.chatTemplate().ifPresent(t -> json.put("chat_template", t));
        return json;
    }

    private static Map<String, Object> specialTokens(SpmVocabulary vocab, SpmSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        String[] names = {"bos_token", "eos_token", "unk_token", "pad_token"};
        int[] ids = {settings.bos(), settings.eos(), settings.unk(), settings.pad()};
        for (int i = 0; i < names.length; i++) {
            if (ids[i] >= 0) {
                json.put(names[i], vocab.piece(ids[i]));
            }
        }
        return json;
    }

    private static Map<String, Object> addedTokens(SpmVocabulary vocab) {
        Map<String, Object> added = new LinkedHashMap<>();
        for (int id = 0; id < vocab.size(); id++) {
            PieceType type = vocab.type(id);
            if (type == PieceType.CONTROL || type == PieceType.UNKNOWN || type == PieceType.USER_DEFINED) {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("content", vocab.piece(id));
                token.put("lstrip", false);
                token.put("normalized", false);
                token.put("rstrip", false);
                token.put("single_word", false);
                token.put("special", type != PieceType.USER_DEFINED);
                added.put(Integer.toString(id), token);
            }
        }
        return added;
    }

    private static String piece(SpmVocabulary vocab, int id) {
        return id >= 0 ? vocab.piece(id) : null;
    }
}
