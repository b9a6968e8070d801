package ai.sail.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * JSON over HTTP with retries: sends a request, retries transient failures with exponential backoff
 * ({@link RetryPolicy}), and returns the body of a {@code 200} answer. Every failure it gives up on is
 * thrown as the caller's own kind of {@link ServerUnavailableException}, its message naming the server
 * ({@code role} and URL) and the last failure, so that a reward server and a rollout engine fail the
 * same way without two copies of the loop.
 */
public final class RetryingClient {

    /** Makes the caller's exception from a message and its cause (which may be null). */
    @FunctionalInterface
    public interface Failure {
        ServerUnavailableException create(String message, Throwable cause);
    }

    private final HttpClient http;
    private final RetryPolicy policy;
    private final String role;
    private final Failure failure;

    /**
     * @param role what the server is, for messages: {@code "reward server"}, {@code "rollout server"}
     */
    public RetryingClient(HttpClient http, RetryPolicy policy, String role, Failure failure) {
        this.http = Objects.requireNonNull(http, "http");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.role = Objects.requireNonNull(role, "role");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** An HTTP/1.1 client whose connect timeout is the policy's request timeout. */
    public static HttpClient httpClient(RetryPolicy policy) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(policy.timeout()).build();
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** {@code POST uri} with a JSON body; the body of the {@code 200} answer. */
    public String postJson(URI uri, String body) {
        return send(uri, HttpRequest.newBuilder(uri)
                .timeout(policy.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** {@code GET uri}; the body of the {@code 200} answer. */
    public String get(URI uri) {
        return send(uri, HttpRequest.newBuilder(uri).timeout(policy.timeout()).header("Accept", "application/json")
                .GET().build());
    }

    /** The failure for an answer the caller could not use: names the server like every other failure. */
    public ServerUnavailableException badAnswer(URI uri, String problem, Throwable cause) {
        return failure.create(role + " " + uri + ": " + problem, cause);
    }

    private String send(URI uri, HttpRequest request) {
        String lastFailure = "no attempt made";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            if (attempt > 1) {
                pause(uri, policy.waitBeforeRetry(attempt - 1).toMillis(), lastFailure);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastFailure = describe(e);
                lastCause = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure.create(role + " " + uri + ": interrupted while waiting for an answer", e);
            }
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            lastFailure = "HTTP " + status + ": " + excerpt(response.body());
            lastCause = null;
            if (!RetryPolicy.retryable(status)) {
                throw failure.create(role + " " + uri + " answered " + lastFailure
                        + " (not retried: only 408, 429 and 5xx are)", null);
            }
        }
        throw failure.create(role + " " + uri + " failed after " + policy.attempts() + " attempt(s); last failure: "
                + lastFailure, lastCause);
    }

    /** The start of a body, for error messages. */
    public static String excerpt(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private void pause(URI uri, long millis, String lastFailure) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.create(role + " " + uri + ": interrupted while waiting to retry (last failure: "
                    + lastFailure + ")", e);
        }
    }
}
