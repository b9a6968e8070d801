package ai.sail.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Hugging Face {@code tokenizer.json} run by the Rust {@code tokenizers} library through DJL, so ids are
 * exactly those the Python library gives, plus what {@code tokenizer_config.json} adds (special token
 * names, BOS/EOS flags, chat template).
 *
 * <p>DJL's tokenizer is built for fixed-size model inputs: by default it truncates to 512 tokens and
 * pads. Sail encodes whole prompts and responses, so both are switched off here, and DJL's own text
 * clean-up ({@code clean_up_tokenization_spaces}, prefix space, lower-casing) is not used either: decode
 * returns what the Rust decoder returns.
 *
 * <p>BOS/EOS: with {@code addSpecialTokens} the post-processor of {@code tokenizer.json} decides (BOS for
 * Llama, nothing for GPT-2). If {@code tokenizer_config.json} sets {@code add_bos_token} or
 * {@code add_eos_token} to something else, the post-processor is rebuilt as transformers does for Llama
 * tokenizers; see {@link SpecialTokenTemplate} for when that applies.
 */
public final class HfTokenizer implements TextTokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> NO_TRUNCATION_NO_PADDING =
            Map.of("truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer rust;
    private final TokenizerVocabulary vocabulary;
    private final TokenizerConfig config;
    private final OptionalInt bosId;
    private final Set<Integer> eosIds;
    private final OptionalInt padId;
    private final Map<String, Integer> specialTokens;

    private HfTokenizer(HuggingFaceTokenizer rust, TokenizerVocabulary vocabulary, TokenizerConfig config,
            Path file) throws TokenizerFormatException {
        this.rust = rust;
        this.vocabulary = vocabulary;
        this.config = config;
        this.bosId = resolve(config.bosToken(), "bos_token", file);
        OptionalInt eos = resolve(config.eosToken(), "eos_token", file);
        this.eosIds = eos.isPresent() ? Set.of(eos.getAsInt()) : Set.of();
        this.padId = resolve(config.padToken(), "pad_token", file);
        Map<String, Integer> named = new LinkedHashMap<>();
        bosId.ifPresent(id -> named.put("bos", id));
        eos.ifPresent(id -> named.put("eos", id));
        padId.ifPresent(id -> named.put("pad", id));
        resolve(config.unkToken(), "unk_token", file).ifPresent(id -> named.put("unk", id));
        for (String token : config.additionalSpecialTokens()) {
            named.put(token, resolve(Optional.of(token), "additional_special_tokens", file).getAsInt());
        }
        this.specialTokens = Collections.unmodifiableMap(named);
    }

    /** Loads {@code dir/tokenizer.json} with {@code dir/tokenizer_config.json} if that exists. */
    public static HfTokenizer load(Path dir) throws IOException {
        return load(dir.resolve("tokenizer.json"), TokenizerConfig.load(dir.resolve("tokenizer_config.json")));
    }

    /** Loads a {@code tokenizer.json} with a config read elsewhere ({@link TokenizerConfig#empty()} for none). */
    public static HfTokenizer load(Path tokenizerJson, TokenizerConfig config) throws IOException {
        JsonNode root = JsonFiles.readTree(JSON, tokenizerJson);
        if (!root.isObject()) {
            throw new TokenizerFormatException(tokenizerJson + ": expected a JSON object, found " + root.getNodeType());
        }
        TokenizerVocabulary vocabulary = TokenizerVocabulary.of(root, tokenizerJson);
        boolean rebuilt = SpecialTokenTemplate.apply((ObjectNode) root, config, vocabulary, tokenizerJson);
        // Unchanged files go to the Rust library byte for byte, exactly as Python would read them.
        byte[] json = rebuilt ? JSON.writeValueAsBytes(root) : Files.readAllBytes(tokenizerJson);
        NativeTokenizerLibrary.ensureLoaded();
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = new ByteArrayInputStream(json)) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, NO_TRUNCATION_NO_PADDING);
        } catch (RuntimeException e) {
            throw new TokenizerFormatException(tokenizerJson + ": the Rust tokenizers library rejected it: "
                    + e.getMessage(), e);
        }
        try {
            return new HfTokenizer(tokenizer, vocabulary, config, tokenizerJson);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private OptionalInt resolve(Optional<String> token, String field, Path file) throws TokenizerFormatException {
        if (token.isEmpty()) {
            return OptionalInt.empty();
        }
        OptionalInt id = vocabulary.id(token.get());
        if (id.isEmpty()) {
            throw new TokenizerFormatException("tokenizer_config.json: field '" + field + "' names the token '"
                    + token.get() + "', which is not in " + file);
        }
        return id;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = rust.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** Ids past the vocabulary are dropped here rather than handed to the native library (see {@link TextTokenizer#decode}). */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] wide = new long[ids.length];
        int kept = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + " is negative");
            }
            if (ids[i] < vocabulary.size()) {
                wide[kept++] = ids[i];
            }
        }
        return rust.decode(kept == ids.length ? wide : Arrays.copyOf(wide, kept), skipSpecialTokens);
    }

    @Override
    public String tokenText(int id) {
        return vocabulary.token(id);
    }

    /** The id of a token spelled as in the vocabulary ({@code Ġthe}, {@code <|im_end|>}), if it has one. */
    public OptionalInt tokenToId(String token) {
        return vocabulary.id(token);
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    @Override
    public OptionalInt bosId() {
        return bosId;
    }

    @Override
    public Set<Integer> eosIds() {
        return eosIds;
    }

    @Override
    public OptionalInt padId() {
        return padId;
    }

    @Override
    public Map<String, Integer> specialTokens() {
        return specialTokens;
    }

    /** Whether decoding with {@code skipSpecialTokens} drops this id (an added token marked special). */
    public boolean isSpecial(int id) {
        return vocabulary.specialIds().contains(id);
    }

    @Override
    public Optional<String> chatTemplate() {
        return config.chatTemplate();
    }

    /** The tokenizer_config.json this tokenizer was loaded with. */
    public TokenizerConfig config() {
        return config;
    }

    @Override
    public void close() {
        rust.close();
    }

    @Override
    public String toString() {
        return "HfTokenizer[vocabSize=" + vocabSize() + ", special=" + specialTokens + "]";
    }
}
