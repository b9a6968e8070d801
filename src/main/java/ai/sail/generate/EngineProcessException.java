package ai.sail.generate;

/**
 * A serving engine that Sail starts itself (llama.cpp's {@code llama-server}) failed to start,
 * did not become ready, or is no longer running. The message names the engine, its address and the
 * model file, and ends with the last lines the engine printed, which usually say why.
 */
public final class EngineProcessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineProcessException(String message) {
        super(message);
    }

    public EngineProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
