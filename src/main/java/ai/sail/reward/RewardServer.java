package ai.sail.reward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Serves a {@link RewardSource} over HTTP in the protocol Sail's own client speaks
 * ({@link RewardServerClient}, OpenRLHF's remote reward convention): {@code POST /get_reward} with
 * {@code {"query": [...], "prompts": [...], "labels": [...]}} ({@link RewardRequest}), answered with
 * {@code {"rewards": [...]}}, one number per query in order. So a reward that needs a machine of its
 * own (a reward model on a GPU, a second process beside a trainer) labels a run through
 * {@code --reward http://...}, exactly as it would in the trainer's own process: the numbers are
 * written at full precision and the client reads back the same doubles.
 *
 * <p>Failures answer with {@code {"error": "..."}}: 400 for a request that is not the protocol's (the
 * message says what was expected) and for queries the source refuses (a text too long for a reward
 * model); 503 while a source it depends on is unavailable or the server is stopping; 500 for
 * anything else. Sail's client retries 5xx and gives up at once on 4xx.
 *
 * <p>Requests are read in parallel but scored one at a time: a reward model is not thread-safe, and
 * one at a time is all a single model can do anyway. {@link #close} stops accepting requests, waits
 * for the scoring in progress, then closes the source, so its model is never freed under a forward
 * pass.
 */
public final class RewardServer implements AutoCloseable {
    /** The path OpenRLHF's reward servers answer on, and the only one this one does. */
    public static final String PATH = "/get_reward";
    private static final int THREADS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RewardSource source;
    private final HttpServer http;
    private final ExecutorService threads;
    private final URI uri;
    private final Consumer<String> requestLog;
    /** Guards {@link #closed} and every call of the source. */
    private final Object scoring = new Object();
    private boolean closed;

    private RewardServer(RewardSource source, HttpServer http, ExecutorService threads, URI uri, Consumer<String> requestLog) {
        this.source = source;
        this.http = http;
        this.threads = threads;
        this.uri = uri;
        this.requestLog = requestLog;
    }

    /**
     * Starts serving {@code source} (which the server then owns and closes) on {@code host}:{@code port};
     * port 0 takes a free one ({@link #uri} says which). If it cannot start, the source is closed.
     *
     * @param requestLog receives one line per request, or null for none
     */
    public static RewardServer start(RewardSource source, String host, int port, Consumer<String> requestLog)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535 (0 = a free port), got " + port);
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        } catch (IOException | RuntimeException e) {
            source.close();
            if (e instanceof java.net.BindException || e instanceof java.net.UnknownHostException) {
                throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "); --port 0 takes a free port", e);
            }
            throw e;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "sail-reward-server-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + http.getAddress().getPort() + PATH);
        RewardServer server = new RewardServer(source, http, threads, uri, requestLog);
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** Where clients send requests: {@code http://HOST:PORT/get_reward}. */
    public URI uri() {
        return uri;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        Answer answer;
        int rows = 0;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                answer = Answer.error(404, "no such path " + exchange.getRequestURI().getPath() + "; rewards are served at POST " + PATH);
            } else if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                answer = Answer.error(405, exchange.getRequestMethod() + " is not served; POST the queries to " + PATH);
            } else {
                RewardRequest request;
                try {
                    request = RewardRequest.parse(body);
                    rows = request.queries().size();
                    answer = score(request);
                } catch (IllegalArgumentException e) {
                    answer = Answer.error(400, "bad request: " + e.getMessage());
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } finally {
            exchange.close();
        }
        if (requestLog != null) {
            requestLog.accept(String.format("%s %s: %d, %d queries, %.1f ms", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), answer.status(), rows, (System.nanoTime() - start) / 1e6));
        }
    }

    private Answer score(RewardRequest request) {
        double[] rewards;
        synchronized (scoring) {
            if (closed) {
                return Answer.error(503, "the reward server is stopping");
            }
            try {
                rewards = request.queries().isEmpty() ? new double[0] : source.score(request.queries());
            } catch (IllegalArgumentException e) {
                return Answer.error(400, "the reward source refused the queries: " + e.getMessage());
            } catch (RewardUnavailableException e) {
                return Answer.error(503, "the reward source is unavailable: " + e.getMessage());
            } catch (RuntimeException e) {
                return Answer.error(500, "the reward source failed: " + e);
            }
        }
        return Answer.json(200, Map.of("rewards", rewards));
    }

    /** An HTTP status and its JSON body. */
    private record Answer(int status, byte[] body) {
        static Answer json(int status, Map<String, Object> body) {
            try {
                return new Answer(status, JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a reward answer as JSON", e);
            }
        }

        static Answer error(int status, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            return json(status, body);
        }
    }

    /** What is served, for the console. */
    public String describe() {
        return source.describe();
    }

    /**
     * Stops accepting requests, lets the scoring in progress finish, and closes the source. Requests
     * still open are cut off (Sail's client retries them elsewhere or reports the server gone).
     */
    @Override
    public void close() {
        http.stop(0);
        synchronized (scoring) {
            if (closed) {
                return;
            }
            closed = true;
            source.close();
        }
        threads.shutdown();
    }
}
