package ai.sail.text;

import ai.sail.io.GgufFile;
import ai.sail.io.GgufValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The SentencePiece (BPE, byte-fallback) tokenizer of Llama-family GGUF files, rebuilt from the
 * vocabulary in the file's metadata so that a GGUF model needs nothing else; also read from (and
 * written as, see {@link TokenizerFiles}) a SentencePiece {@code tokenizer.model}. Encoding reproduces
 * llama.cpp's SPM tokenizer:
 * <ol>
 *   <li>Pieces that stand for themselves are cut out of the text first, longest first:
 *       user-defined pieces always, control pieces ({@code <s>}, {@code </s>}, chat markers) and
 *       the unknown piece when special tokens are parsed (the default, as Hugging Face tokenizers
 *       and llama.cpp's server do).</li>
 *   <li>Each remaining stretch of text that begins the input or follows a special piece gets the
 *       dummy prefix (a leading space) if {@code tokenizer.ggml.add_space_prefix} (default true);
 *       spaces become {@code ▁}. No other normalisation is applied, as in llama.cpp.</li>
 *   <li>{@link SpmBpeEncoder} merges highest-score pairs, falling back to byte pieces.</li>
 *   <li>With {@code addSpecialTokens}: BOS first if {@code add_bos_token} (default true), EOS last
 *       if {@code add_eos_token} (default false).</li>
 * </ol>
 * Decoding turns {@code ▁} back into spaces, gathers the bytes of byte pieces and decodes all bytes
 * as UTF-8 together, so a character split over several byte pieces comes back whole (malformed
 * sequences become U+FFFD). Like SentencePiece, it drops the one space the dummy prefix put at the
 * start: if the first piece that produces text is a normal piece starting with {@code ▁}, that
 * {@code ▁} is removed. Skipped specials (such as a leading BOS) produce no text, so "[BOS] ▁Once"
 * decodes to "Once"; unskipped, BOS is text and the result is "&lt;s&gt; Once", as Hugging Face gives.
 * Unused pieces decode to nothing.
 */
public final class SentencePieceTokenizer implements TextTokenizer {
    private record Fragment(String text, int id) {
        boolean isToken() {
            return id >= 0;
        }
    }

    private static final char SPACE_MARK = '\u2581';

    private final SpmVocabulary vocab;
    private final SpmSettings settings;
    private final SpmBpeEncoder encoder;
    /** Pieces cut out of the text before BPE, longest first. */
    private final List<Integer> verbatimIds;
    /** Ids dropped by {@code decode(..., true)}. */
    private final Set<Integer> specialIds;
    private final Map<String, Integer> namedSpecials;

    SentencePieceTokenizer(SpmVocabulary vocab, SpmSettings settings) {
        this.vocab = vocab;
        this.settings = settings;
        this.encoder = new SpmBpeEncoder(vocab, settings.unk());

        List<Integer> verbatim = new ArrayList<>();
        Set<Integer> special = new HashSet<>();
        for (int id = 0; id < vocab.size(); id++) {
            PieceType type = vocab.type(id);
            if ((type == PieceType.USER_DEFINED || type == PieceType.CONTROL || type == PieceType.UNKNOWN)
                    && !vocab.piece(id).isEmpty()) {
                verbatim.add(id);
            }
            if (type == PieceType.CONTROL || type == PieceType.UNKNOWN) {
                special.add(id);
            }
        }
        verbatim.sort(Comparator.comparingInt((Integer id) -> -vocab.piece(id).length()).thenComparingInt(id -> id));
        this.verbatimIds = List.copyOf(verbatim);

        Map<String, Integer> named = new LinkedHashMap<>();
        putIfPresent(named, "bos", settings.bos());
        putIfPresent(named, "eos", settings.eos());
        putIfPresent(named, "unk", settings.unk());
        putIfPresent(named, "pad", settings.pad());
        putIfPresent(named, "sep", settings.sep());
        putIfPresent(named, "eot", settings.eot());
        putIfPresent(named, "eom", settings.eom());
        this.namedSpecials = Collections.unmodifiableMap(named);
        special.addAll(named.values());
        this.specialIds = Set.copyOf(special);
    }

    /**
     * The tokenizer of a GGUF file whose {@code tokenizer.ggml.model} is {@code llama}; any other
     * vocabulary kind (e.g. {@code gpt2}) is rejected with a message naming it.
     */
    public static SentencePieceTokenizer fromGguf(GgufFile gguf) {
        return SpmGgufLoader.load(gguf);
    }

    /**
     * The tokenizer of a SentencePiece {@code tokenizer.model} file (a BPE model with identity
     * normalisation, as Llama-family models ship it), with the special tokens, BOS/EOS flags and chat
     * template of a {@code tokenizer_config.json} ({@link TokenizerConfig#empty()} for none).
     *
     * @throws TokenizerFormatException if the file is not such a model or the config names a token
     *     the model lacks
     */
    public static SentencePieceTokenizer fromModelFile(Path tokenizerModel, TokenizerConfig config) throws IOException {
        return SpmModelProto.read(Files.readAllBytes(tokenizerModel), config, tokenizerModel.toString());
    }

    /** Encodes with special pieces in the text recognised (see the class comment). */
    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        return encode(text, addSpecialTokens, true);
    }

    /**
     * @param parseSpecialTokens if false, control pieces written in the text (e.g. {@code </s>}) are
     *     encoded as plain text; user-defined pieces are always recognised
     */
    public int[] encode(String text, boolean addSpecialTokens, boolean parseSpecialTokens) {
        IntStream.Builder out = IntStream.builder();
        if (addSpecialTokens && settings.addBos() && settings.bos() >= 0) {
            out.add(settings.bos());
        }
        boolean afterSpecial = true;
        for (Fragment fragment : split(text, parseSpecialTokens)) {
            if (fragment.isToken()) {
                out.add(fragment.id());
                afterSpecial = true;
            } else {
                String prefixed = settings.addSpacePrefix() && afterSpecial ? " " + fragment.text() : fragment.text();
                encoder.encode(prefixed.replace(' ', SPACE_MARK), out);
                afterSpecial = false;
            }
        }
        if (addSpecialTokens && settings.addEos() && settings.eos() >= 0) {
            out.add(settings.eos());
        }
        return out.build().toArray();
    }

    /** Cuts verbatim pieces out of the text, longest piece first, as llama.cpp partitions it. */
    private List<Fragment> split(String text, boolean parseSpecialTokens) {
        List<Fragment> fragments = new ArrayList<>();
        if (!text.isEmpty()) {
            fragments.add(new Fragment(text, -1));
        }
        for (int id : verbatimIds) {
            if (!parseSpecialTokens && vocab.type(id) != PieceType.USER_DEFINED) {
                continue;
            }
            String piece = vocab.piece(id);
            List<Fragment> next = new ArrayList<>(fragments.size());
            for (Fragment f : fragments) {
                if (f.isToken() || !f.text().contains(piece)) {
                    next.add(f);
                    continue;
                }
                int from = 0;
                for (int at = f.text().indexOf(piece); at >= 0; at = f.text().indexOf(piece, from)) {
                    if (at > from) {
                        next.add(new Fragment(f.text().substring(from, at), -1));
                    }
                    next.add(new Fragment(piece, id));
                    from = at + piece.length();
                }
                if (from < f.text().length()) {
                    next.add(new Fragment(f.text().substring(from), -1));
                }
            }
            fragments = next;
        }
        return fragments;
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean atStart = true;
        for (int id : ids) {
            if (id < 0) {
                throw new IllegalArgumentException("token id " + id + " is negative");
            }
            if (id >= vocab.size()) {
                continue; // no piece has this id: nothing to decode (see TextTokenizer#decode)
            }
            PieceType type = vocab.type(id);
            if (skipSpecialTokens && specialIds.contains(id)) {
                continue;
            }
            switch (type) {
                case BYTE -> bytes.write(vocab.byteValue(id));
                case UNUSED -> {
                    continue;
                }
                case CONTROL, UNKNOWN, USER_DEFINED -> bytes.writeBytes(utf8(vocab.piece(id)));
                default -> {
                    String text = vocab.piece(id).replace(SPACE_MARK, ' ');
                    if (atStart && settings.addSpacePrefix() && text.startsWith(" ")) {
                        text = text.substring(1);
                    }
                    bytes.writeBytes(utf8(text));
                }
            }
            atStart = false;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String tokenText(int id) {
        checkId(id);
        return vocab.piece(id);
    }

    /** The SentencePiece type of a piece (normal, control, byte...). */
    public PieceType pieceType(int id) {
        checkId(id);
        return vocab.type(id);
    }

    /** The merge score of a piece (higher merges first). */
    public float score(int id) {
        checkId(id);
        return vocab.score(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public OptionalInt bosId() {
        return optional(settings.bos());
    }

    /** EOS plus, where the vocabulary names them, end-of-turn and end-of-message. */
    @Override
    public Set<Integer> eosIds() {
        Set<Integer> ids = new HashSet<>();
        for (int id : new int[] {settings.eos(), settings.eot(), settings.eom()}) {
            if (id >= 0) {
                ids.add(id);
            }
        }
        return Set.copyOf(ids);
    }

    @Override
    public OptionalInt padId() {
        return optional(settings.pad());
    }

    public OptionalInt unknownId() {
        return optional(settings.unk());
    }

    /** Whether {@code encode(text, true)} adds BOS / EOS. */
    public boolean addsBos() {
        return settings.addBos();
    }

    public boolean addsEos() {
        return settings.addEos();
    }

    /** Role names (bos, eos, unk, pad, sep, eot, eom) of the special ids the vocabulary defines. */
    @Override
    public Map<String, Integer> specialTokens() {
        return namedSpecials;
    }

    @Override
    public Optional<String> chatTemplate() {
        return settings.chatTemplate();
    }

    /**
     * This vocabulary as the {@code tokenizer.ggml.*} metadata of a GGUF file, so that a model written
     * as GGUF carries the tokenizer it was loaded with (llama.cpp reads it from there).
     */
    public Map<String, GgufValue> ggufMetadata() {
        return SpmGgufMetadata.of(vocab, settings);
    }

    /** The pieces, scores and types, for writing the vocabulary out. */
    SpmVocabulary vocabulary() {
        return vocab;
    }

    SpmSettings settings() {
        return settings;
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocab.size());
        }
    }

    private static OptionalInt optional(int id) {
        return id >= 0 ? OptionalInt.of(id) : OptionalInt.empty();
    }

    private static void putIfPresent(Map<String, Integer> map, String name, int id) {
        if (id >= 0) {
            map.put(name, id);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
