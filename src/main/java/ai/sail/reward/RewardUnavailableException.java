package ai.sail.reward;

import ai.sail.http.ServerUnavailableException;

/**
 * A reward source could not produce scores (a server that does not answer or answers nonsense). It is
 * thrown rather than replaced by default scores, which would silently become wrong preference labels;
 * the message names the source and the last failure.
 */
public final class RewardUnavailableException extends ServerUnavailableException {
    private static final long serialVersionUID = 1L;

    public RewardUnavailableException(String message) {
        super(message);
    }

    public RewardUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
