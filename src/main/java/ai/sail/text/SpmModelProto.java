package ai.sail.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A SentencePiece vocabulary as a {@code tokenizer.model} file: the {@code ModelProto} message of
 * SentencePiece's {@code sentencepiece_model.proto}, which the sentencepiece library and transformers'
 * {@code LlamaTokenizer} read. Both directions live here so that the field numbers are written down
 * once.
 *
 * <p>Hand-written on {@link ProtoWriter} / {@link ProtoReader} rather than generated: one small
 * message does not justify a protobuf runtime and a code generator in the build. The fields used:
 * <pre>
 * ModelProto      1 pieces (repeated SentencePiece)  2 trainer_spec  3 normalizer_spec
 * SentencePiece   1 piece (string)  2 score (float)  3 type (enum: NORMAL 1, UNKNOWN 2, CONTROL 3,
 *                 USER_DEFINED 4, UNUSED 5, BYTE 6; default NORMAL)
 * TrainerSpec     3 model_type (UNIGRAM 1 (default), BPE 2, WORD 3, CHAR 4)  4 vocab_size
 *                 35 byte_fallback  40 unk_id (default 0)  41 bos_id (1)  42 eos_id (2)  43 pad_id (-1)
 *                 45 unk_piece  46 bos_piece  47 eos_piece  48 pad_piece
 * NormalizerSpec  1 name  2 precompiled_charsmap  3 add_dummy_prefix (default true)
 *                 4 remove_extra_whitespaces (default true)  5 escape_whitespaces (default true)
 * </pre>
 * The file written is a BPE model with byte fallback and identity normalisation (no Unicode
 * normalisation, whitespace kept, spaces escaped as {@code ▁}), which is how Sail's encoder and
 * llama.cpp run a GGUF vocabulary. Reading refuses models whose encoding Sail would get wrong:
 * Unigram models and normalisation rules.
 */
final class SpmModelProto {
    private static final int MODEL_PIECES = 1;
    private static final int MODEL_TRAINER_SPEC = 2;
    private static final int MODEL_NORMALIZER_SPEC = 3;

    private static final int PIECE_PIECE = 1;
    private static final int PIECE_SCORE = 2;
    private static final int PIECE_TYPE = 3;

    private static final int TRAINER_MODEL_TYPE = 3;
    private static final int TRAINER_VOCAB_SIZE = 4;
    private static final int TRAINER_BYTE_FALLBACK = 35;
    private static final int TRAINER_UNK_ID = 40;
    private static final int TRAINER_BOS_ID = 41;
    private static final int TRAINER_EOS_ID = 42;
    private static final int TRAINER_PAD_ID = 43;
    private static final int TRAINER_UNK_PIECE = 45;
    private static final int TRAINER_BOS_PIECE = 46;
    private static final int TRAINER_EOS_PIECE = 47;
    private static final int TRAINER_PAD_PIECE = 48;

    private static final int NORMALIZER_NAME = 1;
    private static final int NORMALIZER_CHARSMAP = 2;
    private static final int NORMALIZER_ADD_DUMMY_PREFIX = 3;
    private static final int NORMALIZER_REMOVE_EXTRA_WHITESPACES = 4;
    private static final int NORMALIZER_ESCAPE_WHITESPACES = 5;

    private static final int MODEL_TYPE_UNIGRAM = 1;
    private static final int MODEL_TYPE_BPE = 2;

    private SpmModelProto() {}

    /**
     * The {@code tokenizer.model} bytes of a vocabulary. Throws {@link IllegalArgumentException} for a
     * vocabulary the sentencepiece library would refuse to load (no unknown piece, an empty or
     * duplicated piece), rather than writing a file that only fails later, in Python.
     */
    static byte[] write(SpmVocabulary vocab, SpmSettings settings) {
        checkLoadable(vocab);
        ProtoWriter model = new ProtoWriter();
        for (int id = 0; id < vocab.size(); id++) {
            PieceType type = vocab.type(id) == PieceType.UNDEFINED ? PieceType.NORMAL : vocab.type(id);
            model.message(MODEL_PIECES, new ProtoWriter()
                    .string(PIECE_PIECE, vocab.piece(id))
                    .float32(PIECE_SCORE, vocab.score(id))
                    .varint(PIECE_TYPE, type.id()));
        }
        ProtoWriter trainer = new ProtoWriter()
                .varint(TRAINER_MODEL_TYPE, MODEL_TYPE_BPE)
                .varint(TRAINER_VOCAB_SIZE, vocab.size())
                .bool(TRAINER_BYTE_FALLBACK, vocab.hasByteFallback())
                .varint(TRAINER_UNK_ID, settings.unk())
                .varint(TRAINER_BOS_ID, settings.bos())
                .varint(TRAINER_EOS_ID, settings.eos())
                .varint(TRAINER_PAD_ID, settings.pad());
        // The library finds its special ids by these piece strings, not by the ids above.
        int[] specialIds = {settings.unk(), settings.bos(), settings.eos(), settings.pad()};
        int[] pieceFields = {TRAINER_UNK_PIECE, TRAINER_BOS_PIECE, TRAINER_EOS_PIECE, TRAINER_PAD_PIECE};
        for (int i = 0; i < specialIds.length; i++) {
            if (specialIds[i] >= 0) {
                trainer.string(pieceFields[i], vocab.piece(specialIds[i]));
            }
        }
        ProtoWriter normalizer = new ProtoWriter()
                .string(NORMALIZER_NAME, "identity")
                .bool(NORMALIZER_ADD_DUMMY_PREFIX, settings.addSpacePrefix())
                .bool(NORMALIZER_REMOVE_EXTRA_WHITESPACES, false)
                .bool(NORMALIZER_ESCAPE_WHITESPACES, true);
        return model.message(MODEL_TRAINER_SPEC, trainer).message(MODEL_NORMALIZER_SPEC, normalizer).toByteArray();
    }

    /**
     * The tokenizer a {@code tokenizer.model} describes. Special tokens named in {@code config} (as
     * {@code tokenizer_config.json} names them) take precedence over the ids in the trainer spec, as
     * in transformers; {@code add_bos_token} / {@code add_eos_token} default to true / false, as for
     * {@code LlamaTokenizer}.
     */
    static SentencePieceTokenizer read(byte[] data, TokenizerConfig config, String where)
            throws TokenizerFormatException {
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<PieceType> types = new ArrayList<>();
        Trainer trainer = new Trainer();
        Normalizer normalizer = new Normalizer();
        ProtoReader model = new ProtoReader(data, where);
        while (model.hasNext()) {
            switch (model.nextField()) {
                case MODEL_PIECES -> readPiece(model.message(), pieces, scores, types, where);
                case MODEL_TRAINER_SPEC -> trainer.read(model.message());
                case MODEL_NORMALIZER_SPEC -> normalizer.read(model.message());
                default -> model.skip();
            }
        }
        if (pieces.isEmpty()) {
            throw new TokenizerFormatException(where + ": the model has no pieces");
        }
        if (trainer.modelType != MODEL_TYPE_BPE) {
            throw new TokenizerFormatException(where + ": a " + (trainer.modelType == MODEL_TYPE_UNIGRAM ? "Unigram"
                    : "type " + trainer.modelType) + " SentencePiece model; Sail encodes BPE models only");
        }
        normalizer.check(where);
        float[] scoreArray = new float[scores.size()];
        for (int i = 0; i < scoreArray.length; i++) {
            scoreArray[i] = scores.get(i);
        }
        SpmVocabulary vocab;
        try {
            vocab = new SpmVocabulary(pieces, scoreArray, types.toArray(new PieceType[0]));
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException(where + ": " + e.getMessage(), e);
        }
        SpmSettings settings = new SpmSettings(
                special(config.bosToken(), "bos_token", trainer.bosId, pieces, where),
                special(config.eosToken(), "eos_token", trainer.eosId, pieces, where),
                special(config.unkToken(), "unk_token", trainer.unkId, pieces, where),
                special(config.padToken(), "pad_token", trainer.padId, pieces, where),
                -1, -1, -1,
                config.addBosToken().orElse(true),
                config.addEosToken().orElse(false),
                normalizer.addDummyPrefix,
                config.chatTemplate());
        return new SentencePieceTokenizer(vocab, settings);
    }

    private static void readPiece(ProtoReader r, List<String> pieces, List<Float> scores, List<PieceType> types,
            String where) throws TokenizerFormatException {
        String piece = "";
        float score = 0f;
        PieceType type = PieceType.NORMAL;
        while (r.hasNext()) {
            switch (r.nextField()) {
                case PIECE_PIECE -> piece = r.string();
                case PIECE_SCORE -> score = r.float32();
                case PIECE_TYPE -> {
                    long value = r.varint();
                    try {
                        type = PieceType.fromId(value);
                    } catch (IllegalArgumentException e) {
                        throw new TokenizerFormatException(where + ": piece " + pieces.size() + ": " + e.getMessage(), e);
                    }
                }
                default -> r.skip();
            }
        }
        pieces.add(piece);
        scores.add(score);
        types.add(type);
    }

    /** The id of a special token: named by the config (then it must exist), else the trainer spec's. */
    private static int special(Optional<String> configured, String field, int trainerId, List<String> pieces,
            String where) throws TokenizerFormatException {
        if (configured.isPresent()) {
            int id = pieces.indexOf(configured.get());
            if (id < 0) {
                throw new TokenizerFormatException("tokenizer_config.json: field '" + field + "' names the token '"
                        + configured.get() + "', which is not in " + where);
            }
            return id;
        }
        if (trainerId < -1 || trainerId >= pieces.size()) {
            throw new TokenizerFormatException(where + ": trainer_spec gives " + field.replace("_token", "_id")
                    + " " + trainerId + ", outside the vocabulary of " + pieces.size() + " pieces");
        }
        return trainerId;
    }

    private static void checkLoadable(SpmVocabulary vocab) {
        Set<String> ordinary = new HashSet<>();
        Set<String> reserved = new HashSet<>();
        boolean hasUnknown = false;
        for (int id = 0; id < vocab.size(); id++) {
            String piece = vocab.piece(id);
            PieceType type = vocab.type(id);
            if (piece.isEmpty()) {
                throw new IllegalArgumentException("piece " + id + " is empty, which SentencePiece does not allow");
            }
            boolean isOrdinary = type == PieceType.NORMAL || type == PieceType.UNDEFINED
                    || type == PieceType.USER_DEFINED || type == PieceType.UNUSED;
            if (!(isOrdinary ? ordinary : reserved).add(piece)) {
                throw new IllegalArgumentException("piece '" + piece + "' (id " + id + ") occurs twice,"
                        + " which SentencePiece does not allow");
            }
            hasUnknown |= type == PieceType.UNKNOWN;
        }
        if (!hasUnknown) {
            throw new IllegalArgumentException("the vocabulary has no piece of type UNKNOWN, which SentencePiece requires");
        }
    }

    /** The TrainerSpec fields Sail uses, with the schema's defaults. */
    private static final class Trainer {
        int modelType = MODEL_TYPE_UNIGRAM;
        int unkId = 0;
        int bosId = 1;
        int eosId = 2;
        int padId = -1;

        void read(ProtoReader r) throws TokenizerFormatException {
            while (r.hasNext()) {
                switch (r.nextField()) {
                    case TRAINER_MODEL_TYPE -> modelType = (int) r.varint();
                    case TRAINER_UNK_ID -> unkId = (int) r.varint();
                    case TRAINER_BOS_ID -> bosId = (int) r.varint();
                    case TRAINER_EOS_ID -> eosId = (int) r.varint();
                    case TRAINER_PAD_ID -> padId = (int) r.varint();
                    default -> r.skip();
                }
            }
        }
    }

    /** The NormalizerSpec fields that decide whether Sail's encoder reproduces the library's. */
    private static final class Normalizer {
        String name = "";
        boolean hasCharsmap = false;
        boolean addDummyPrefix = true;
        boolean removeExtraWhitespaces = true;
        boolean escapeWhitespaces = true;

        void read(ProtoReader r) throws TokenizerFormatException {
            while (r.hasNext()) {
                switch (r.nextField()) {
                    case NORMALIZER_NAME -> name = r.string();
                    case NORMALIZER_CHARSMAP -> hasCharsmap |= r.bytes().length > 0;
                    case NORMALIZER_ADD_DUMMY_PREFIX -> addDummyPrefix = r.bool();
                    case NORMALIZER_REMOVE_EXTRA_WHITESPACES -> removeExtraWhitespaces = r.bool();
                    case NORMALIZER_ESCAPE_WHITESPACES -> escapeWhitespaces = r.bool();
                    default -> r.skip();
                }
            }
        }

        void check(String where) throws TokenizerFormatException {
            if (hasCharsmap || removeExtraWhitespaces || !escapeWhitespaces) {
                throw new TokenizerFormatException(where + ": the normalizer ('" + name + "') "
                        + (hasCharsmap ? "maps characters (a precompiled charsmap)"
                                : removeExtraWhitespaces ? "removes extra whitespace" : "does not escape spaces")
                        + "; Sail's SentencePiece encoder implements identity normalisation only");
            }
        }
    }
}
