package ai.sail.tensor;

/**
 * libtorch could not load: no native library for this platform, or a local libtorch (--libtorch,
 * PYTORCH_LIBRARY_PATH) that is broken or does not match. A setup the user chose, not a bug in Sail,
 * so the command line reports it as bad input with the fix rather than as an internal error.
 */
public final class EngineUnavailableException extends IllegalStateException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
