package ai.sail.io;

import java.io.IOException;

/**
 * A file that is not a readable GGUF file: wrong magic, unsupported version, truncated, or
 * internally inconsistent. An {@link IOException} because, to a caller, a corrupt file is one more
 * way that reading a file fails; the message always names the file.
 */
public class GgufFormatException extends IOException {
    public GgufFormatException(String message) {
        super(message);
    }
}
