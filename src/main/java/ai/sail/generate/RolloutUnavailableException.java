package ai.sail.generate;

import ai.sail.http.ServerUnavailableException;

/**
 * A rollout engine could not give samples (it does not answer, stays overloaded, or answers
 * nonsense). Sail stops rather than sample locally instead: a run that silently switched samplers
 * would no longer be the run that was asked for. The message names the server and its last failure.
 */
public final class RolloutUnavailableException extends ServerUnavailableException {
    private static final long serialVersionUID = 1L;

    public RolloutUnavailableException(String message) {
        super(message);
    }

    public RolloutUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
