package ai.sail.text;

import java.io.IOException;

/**
 * A tokenizer file that could be read but does not say what it should: malformed JSON, a field of the
 * wrong type, a special token missing from the vocabulary. The message names the file and the field,
 * because the person who sees it has to go and fix one of the two.
 */
public class TokenizerFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
