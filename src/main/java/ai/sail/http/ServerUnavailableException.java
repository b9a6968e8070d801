package ai.sail.http;

/**
 * A server Sail depends on (a reward server, a rollout engine) could not give an answer: it does not
 * answer, stays overloaded, or answers nonsense. Thrown rather than replaced by a default (zero rewards,
 * samples drawn locally instead), which would silently change what is trained; the message names the
 * server and the last failure. Subclasses say which kind of server it was.
 */
public class ServerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServerUnavailableException(String message) {
        super(message);
    }

    public ServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
