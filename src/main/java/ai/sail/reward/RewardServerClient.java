package ai.sail.reward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reward server: posts a chunk of queries and returns its rewards, retrying transient failures
 * with exponential backoff ({@link RemoteRewardSettings}).
 *
 * <p>The request is the convention of OpenRLHF's remote reward model, so servers written for it work
 * unchanged: {@code POST} with JSON {@code {"query": [prompt + response, ...], "prompts": [prompt, ...],
 * "labels": ["", ...]}}. {@code query} is the prompt text followed directly by the response text (no
 * separator, no chat template: Sail sends the texts it has; a server that needs a template applies
 * its own). {@code labels} carries one empty string per query, which is what OpenRLHF sends when a
 * dataset has no reference label: {@link RewardQuery} holds none. The answer is read by
 * {@link RewardServerAnswer}.
 */
final class RewardServerClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final HttpClient http;
    private final RemoteRewardSettings settings;

    RewardServerClient(URI uri, HttpClient http, RemoteRewardSettings settings) {
        this.uri = uri;
        this.http = http;
        this.settings = settings;
    }

    URI uri() {
        return uri;
    }

    /** The rewards of {@code queries}, in order; throws naming this server when it cannot get them. */
    double[] score(List<RewardQuery> queries) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(queries)))
                .build();
        String lastFailure = "no attempt made";
        Throwable lastCause = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                pause(settings.waitBeforeRetry(attempt - 1).toMillis(), lastFailure);
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
                throw new RewardUnavailableException("reward server " + uri + ": interrupted while waiting for an answer", e);
            }
            int status = response.statusCode();
            if (status == 200) {
                try {
                    return RewardServerAnswer.parse(response.body(), queries.size());
                } catch (RewardUnavailableException e) {
                    throw new RewardUnavailableException("reward server " + uri + ": " + e.getMessage(), e);
                }
            }
            lastFailure = "HTTP " + status + ": " + RewardServerAnswer.excerpt(response.body());
            lastCause = null;
            if (!retryable(status)) {
                throw new RewardUnavailableException("reward server " + uri + " answered " + lastFailure
                        + " (not retried: only 408, 429 and 5xx are)");
            }
        }
        throw new RewardUnavailableException("reward server " + uri + " failed after " + settings.attempts()
                + " attempt(s); last failure: " + lastFailure, lastCause);
    }

    private static String body(List<RewardQuery> queries) {
        List<String> query = new ArrayList<>(queries.size());
        List<String> prompts = new ArrayList<>(queries.size());
        for (RewardQuery q : queries) {
            query.add(q.prompt() + q.response());
            prompts.add(q.prompt());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("prompts", prompts);
        body.put("labels", Collections.nCopies(queries.size(), ""));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the reward request as JSON", e);
        }
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private void pause(long millis, String lastFailure) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RewardUnavailableException("reward server " + uri + ": interrupted while waiting to retry"
                    + " (last failure: " + lastFailure + ")", e);
        }
    }
}
