package ai.sail.demo;

import ai.sail.io.AtomicWrite;
import ai.sail.io.HfJson;
import ai.sail.text.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-level Hugging Face tokenizer for the demo's fixed vocabulary: {@code tokenizer.json} with a
 * {@code WordLevel} model, whitespace-and-punctuation pre-tokenizer and a template that adds BOS, plus
 * {@code tokenizer_config.json}. The Python tokenizers library and Sail's DJL binding both read it;
 * a word-level tokenizer keeps the demo's sequences short and every word one token.
 */
public final class WordTokenizerFiles implements TokenizerFiles {
    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String UNK = "<unk>";
    /** Ids of the special tokens, before the words. */
    public static final int PAD_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;

    private final List<String> words;

    public WordTokenizerFiles(List<String> words) {
        this.words = List.copyOf(words);
    }

    /** Vocabulary size: the four special tokens, then the words. */
    public int size() {
        return 4 + words.size();
    }

    @Override
    public void writeTo(Path dir) throws IOException {
        AtomicWrite.newFile(dir.resolve("tokenizer.json"), HfJson.format(tokenizerJson()));
        AtomicWrite.newFile(dir.resolve("tokenizer_config.json"), HfJson.format(config()));
    }

    private Map<String, Object> tokenizerJson() {
        Map<String, Object> vocab = new LinkedHashMap<>();
        List<String> specials = List.of(PAD, BOS, EOS, UNK);
        for (int i = 0; i < specials.size(); i++) {
            vocab.put(specials.get(i), i);
        }
        for (int i = 0; i < words.size(); i++) {
            vocab.put(words.get(i), 4 + i);
        }
        List<Map<String, Object>> added = new ArrayList<>();
        for (int i = 0; i < specials.size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", i);
            t.put("content", specials.get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
            added.add(t);
        }
        Map<String, Object> bosPiece = Map.of("SpecialToken", Map.of("id", BOS, "type_id", 0));
        Map<String, Object> postProcessor = new LinkedHashMap<>();
        postProcessor.put("type", "TemplateProcessing");
        postProcessor.put("single", List.of(bosPiece, Map.of("Sequence", Map.of("id", "A", "type_id", 0))));
        postProcessor.put("pair", List.of(bosPiece, Map.of("Sequence", Map.of("id", "A", "type_id", 0)),
                Map.of("Sequence", Map.of("id", "B", "type_id", 1))));
        postProcessor.put("special_tokens", Map.of(BOS, Map.of("id", BOS, "ids", List.of(BOS_ID), "tokens", List.of(BOS))));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordLevel");
        model.put("vocab", vocab);
        model.put("unk_token", UNK);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        root.put("added_tokens", added);
        root.put("normalizer", Map.of("type", "Lowercase"));
        root.put("pre_tokenizer", Map.of("type", "Whitespace"));
        root.put("post_processor", postProcessor);
        root.put("decoder", null);
        root.put("model", model);
        return root;
    }

    private static Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        c.put("bos_token", BOS);
        c.put("eos_token", EOS);
        c.put("pad_token", PAD);
        c.put("unk_token", UNK);
        c.put("model_max_length", 128);
        c.put("clean_up_tokenization_spaces", false);
        return c;
    }
}
