package ai.sail.data;

/**
 * A row that cannot become an example. The message says which field and what was expected, without
 * the row's origin: the reader adds that, and either stops the read or skips the row and keeps the
 * reason. Carries no stack trace, since skipping many bad rows must stay cheap and the trace would only
 * point into the reader.
 */
final class InvalidRowException extends RuntimeException {
    InvalidRowException(String message) {
        super(message, null, false, false);
    }
}
