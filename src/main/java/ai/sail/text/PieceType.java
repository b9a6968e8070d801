package ai.sail.text;

/**
 * The kind of a vocabulary entry, as SentencePiece defines it and as GGUF stores it in
 * {@code tokenizer.ggml.token_type}. Only NORMAL and USER_DEFINED pieces come from ordinary text;
 * BYTE pieces ({@code <0x0A>}) spell one raw byte each; CONTROL pieces mark structure (BOS, EOS).
 */
public enum PieceType {
    /** Older converters wrote 0; treated as NORMAL. */
    UNDEFINED(0),
    NORMAL(1),
    UNKNOWN(2),
    CONTROL(3),
    USER_DEFINED(4),
    UNUSED(5),
    BYTE(6);

    private final int id;

    PieceType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The type with that GGUF id; throws {@link IllegalArgumentException} for ids outside 0..6. */
    public static PieceType fromId(long id) {
        for (PieceType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown token type " + id + " (expected 0 to 6)");
    }
}
