package ai.sail.generate;

import ai.sail.http.RetryingClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One serving engine: its base URL, the dialect it is spoken to in, and the model it serves. Connecting
 * asks {@code GET /v1/models}, which every one of these engines answers: it proves the server is up
 * before any sampling (a wrong URL stops the run at once, naming it), gives the model name that vLLM
 * requires in each request, and tells the engine apart ({@code owned_by}) when none was named.
 */
final class RolloutServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final RetryingClient client;
    private final RolloutEngine engine;
    private final String model;

    private RolloutServer(URI base, RetryingClient client, RolloutEngine engine, String model) {
        this.base = base;
        this.client = client;
        this.engine = engine;
        this.model = model;
    }

    /**
     * @param asked the engine named by the user, or {@link RolloutEngine#AUTO}
     * @throws RolloutUnavailableException when the server does not answer (after the retries) or its model
     *     list is unreadable
     */
    static RolloutServer connect(URI base, RolloutEngine asked, RetryingClient client) {
        URI models = base.resolve(base.getPath() + "/v1/models");
        String body = client.get(models);
        JsonNode first;
        try {
            JsonNode data = JSON.readTree(body).path("data");
            if (!data.isArray() || data.isEmpty()) {
                throw client.badAnswer(models, "the model list is empty: " + RetryingClient.excerpt(body), null);
            }
            first = data.get(0);
        } catch (JsonProcessingException e) {
            throw client.badAnswer(models, "the model list is not valid JSON: " + RetryingClient.excerpt(body), e);
        }
        RolloutEngine engine = asked == RolloutEngine.AUTO ? RolloutEngine.ofOwner(first.path("owned_by").asText(null)) : asked;
        String model = first.path("id").isTextual() ? first.get("id").asText() : null;
        return new RolloutServer(base, client, engine, model);
    }

    URI base() {
        return base;
    }

    RolloutEngine engine() {
        return engine;
    }

    String model() {
        return model;
    }

    /** Posts one request (to the engine's {@link RolloutEngine#completionPath}); its {@code expected} samples, or a {@link RolloutUnavailableException} naming this server. */
    List<CompletionAnswer.Choice> complete(Map<String, Object> body, int expected) {
        URI endpoint = base.resolve(base.getPath() + engine.completionPath());
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the completion request as JSON", e);
        }
        String answer = client.postJson(endpoint, json);
        try {
            return CompletionAnswer.parse(engine, answer, expected);
        } catch (IllegalArgumentException e) {
            throw client.badAnswer(endpoint, e.getMessage() + ": " + RetryingClient.excerpt(answer), e);
        }
    }

    @Override
    public String toString() {
        return base + " (" + engine.cliName() + (model == null ? "" : ", model " + model) + ")";
    }
}
