/**
 * Talking to the servers Sail depends on, a foundation under {@code reward} (reward servers) and
 * {@code generate} (rollout engines): one {@link ai.sail.http.RetryPolicy} (timeout, retries, backoff),
 * one retry loop ({@link ai.sail.http.RetryingClient}), and one kind of failure
 * ({@link ai.sail.http.ServerUnavailableException}) that names the server and never falls back to a
 * made-up answer.
 *
 * <p>May use the JDK only.
 */
package ai.sail.http;
