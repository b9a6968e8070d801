package ai.sail.generate;

import ai.sail.http.RetryPolicy;
import ai.sail.http.ServerUrls;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Which serving engines sample for Sail and how patiently Sail talks to them.
 *
 * @param servers base URLs ({@code http://host:port}; a trailing {@code /v1} is dropped), sharing each
 *     batch
 * @param engine the request dialect, or {@link RolloutEngine#AUTO} to ask each server
 * @param retry timeout per request, retries and backoff; a request that keeps failing stops the run
 *     naming the server (rollouts are never drawn locally instead)
 * @param requestsPerServer requests in flight at once per server: engines batch concurrent requests,
 *     so this is how a batch reaches them as a batch
 */
public record RolloutSettings(List<URI> servers, RolloutEngine engine, RetryPolicy retry, int requestsPerServer) {

    /** Seconds one request may take by default: a long response from a large model, queued behind others. */
    public static final double DEFAULT_TIMEOUT_SECONDS = 300;
    public static final int DEFAULT_RETRIES = 3;
    /** In flight per server by default: enough for an engine to batch a training micro-batch. */
    public static final int DEFAULT_REQUESTS_PER_SERVER = 32;
    static final String ROLE = "rollout server";

    public RolloutSettings {
        servers = servers.stream().map(RolloutSettings::base).toList();
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(retry, "retry");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("--rollout-server needs at least one URL");
        }
        if (requestsPerServer < 1) {
            throw new IllegalArgumentException("requests per rollout server must be >= 1, got " + requestsPerServer);
        }
    }

    /**
     * Settings from the options: {@code spec} is {@code --rollout-server URL[,URL...]}.
     *
     * @throws IllegalArgumentException naming the option for a bad URL, timeout or retry count
     */
    public static RolloutSettings parse(String spec, RolloutEngine engine, double timeoutSeconds, int retries) {
        if (!(timeoutSeconds > 0) || Double.isInfinite(timeoutSeconds)) {
            throw new IllegalArgumentException("--rollout-timeout must be a number of seconds > 0, got " + timeoutSeconds);
        }
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("--rollout-retries must be in 0..100, got " + retries);
        }
        return new RolloutSettings(ServerUrls.parse(spec, ROLE), engine, RetryPolicy.of(timeoutSeconds, retries),
                DEFAULT_REQUESTS_PER_SERVER);
    }

    /** {@code http://h:p/}, {@code http://h:p/v1} and {@code http://h:p} all name the server {@code http://h:p}. */
    private static URI base(URI uri) {
        ServerUrls.checked(uri, ROLE);
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("/v1")) {
            text = text.substring(0, text.length() - 3);
        }
        return URI.create(text);
    }
}
