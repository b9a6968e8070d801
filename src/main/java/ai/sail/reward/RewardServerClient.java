package ai.sail.reward;

import ai.sail.http.RetryPolicy;
import ai.sail.http.RetryingClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reward server: posts a chunk of queries and returns its rewards, retrying transient failures
 * with exponential backoff ({@link RetryPolicy}, through the {@link RetryingClient} that rollout
 * engines use too).
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
    private final RetryingClient client;

    RewardServerClient(URI uri, HttpClient http, RetryPolicy settings) {
        this.uri = uri;
        this.client = new RetryingClient(http, settings, "reward server", RewardUnavailableException::new);
    }

    URI uri() {
        return uri;
    }

    /** The rewards of {@code queries}, in order; throws naming this server when it cannot get them. */
    double[] score(List<RewardQuery> queries) {
        String answer = client.postJson(uri, body(queries));
        try {
            return RewardServerAnswer.parse(answer, queries.size());
        } catch (RewardUnavailableException e) {
            throw client.badAnswer(uri, e.getMessage(), e);
        }
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
}
