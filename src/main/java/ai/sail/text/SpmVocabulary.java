package ai.sail.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SentencePiece vocabulary: pieces with their scores and types, and the two lookups BPE
 * encoding needs: which strings can be produced by merging, and which piece spells a given byte.
 */
final class SpmVocabulary {
    private final String[] pieces;
    private final float[] scores;
    private final PieceType[] types;
    private final Map<String, Integer> mergeTargets = new HashMap<>();
    /** Piece id spelling each byte value, or -1. */
    private final int[] byteIds = new int[256];
    /** Byte value spelled by each piece, or -1 for pieces that are not byte pieces. */
    private final int[] byteValues;
    private final boolean hasByteFallback;

    SpmVocabulary(List<String> pieces, float[] scores, PieceType[] types) {
        int n = pieces.size();
        if (scores.length != n || types.length != n) {
            throw new IllegalArgumentException("vocabulary of " + n + " pieces has " + scores.length
                    + " scores and " + types.length + " types");
        }
        this.pieces = pieces.toArray(new String[0]);
        this.scores = scores.clone();
        this.types = types.clone();
        this.byteValues = new int[n];
        Arrays.fill(byteIds, -1);
        Arrays.fill(byteValues, -1);
        for (int id = 0; id < n; id++) {
            String piece = this.pieces[id];
            switch (types[id]) {
                case BYTE -> {
                    int b = parseBytePiece(piece, id);
                    byteValues[id] = b;
                    if (byteIds[b] < 0) {
                        byteIds[b] = id;
                    }
                }
                // SentencePiece never produces control, unknown or byte pieces from text by merging.
                case CONTROL, UNKNOWN -> { }
                default -> mergeTargets.putIfAbsent(piece, id);
            }
        }
        this.hasByteFallback = Arrays.stream(byteIds).anyMatch(id -> id >= 0);
    }

    int size() {
        return pieces.length;
    }

    String piece(int id) {
        return pieces[id];
    }

    float score(int id) {
        return scores[id];
    }

    PieceType type(int id) {
        return types[id];
    }

    /** The id of a piece that merging may produce (normal, user-defined, unused), or -1. */
    int mergeTarget(String text) {
        Integer id = mergeTargets.get(text);
        return id == null ? -1 : id;
    }

    /** The id of the piece {@code <0xNN>} for byte {@code b} (0..255), or -1. */
    int byteId(int b) {
        return byteIds[b];
    }

    /** True if the vocabulary spells at least some bytes as {@code <0xNN>} pieces. */
    boolean hasByteFallback() {
        return hasByteFallback;
    }

    /** The byte a BYTE piece spells. */
    int byteValue(int id) {
        return byteValues[id];
    }

    private static int parseBytePiece(String piece, int id) {
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            try {
                return Integer.parseInt(piece.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("token " + id + " is typed BYTE but is '" + piece + "', not <0xNN>");
    }
}
