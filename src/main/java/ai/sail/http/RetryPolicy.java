package ai.sail.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How patiently Sail talks to a server it depends on (reward servers, rollout engines). A server
 * restarting or briefly overloaded should not end a training run, but a dead one must end it with a
 * clear error rather than hang or return made-up answers.
 *
 * @param timeout how long one request may take, connecting included (reward servers default to 30 s)
 * @param retries further attempts after a failed one (default 3, so 4 attempts in all); connection
 *     failures, timeouts and HTTP 408, 429 and 5xx are retried, other failures are not
 * @param backoff the wait before the first retry; it doubles before each further one (default 0.5 s:
 *     waits of 0.5 s, 1 s, 2 s)
 */
public record RetryPolicy(Duration timeout, int retries, Duration backoff) {

    public static final RetryPolicy DEFAULTS = new RetryPolicy(Duration.ofSeconds(30), 3, Duration.ofMillis(500));

    public RetryPolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must be >= 0, got " + backoff);
        }
    }

    /** A policy with the default backoff: {@code seconds} per request, {@code retries} further attempts. */
    public static RetryPolicy of(double seconds, int retries) {
        return new RetryPolicy(Duration.ofMillis(Math.round(seconds * 1000)), retries, DEFAULTS.backoff());
    }

    public int attempts() {
        return retries + 1;
    }

    /** The wait before retry {@code n} (1-based): {@code backoff * 2^(n-1)}. */
    public Duration waitBeforeRetry(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("retries are numbered from 1, got " + n);
        }
        return backoff.multipliedBy(1L << Math.min(n - 1, 30));
    }

    /** Whether an HTTP status is worth another attempt: the server may answer differently in a moment. */
    public static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}
