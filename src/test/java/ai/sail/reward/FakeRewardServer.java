package ai.sail.reward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A reward server on the loopback interface (127.0.0.1, a free port) whose answers a test scripts:
 * each request's JSON body and its 1-based number go to a function that returns the reply. Replies
 * can also drop the connection or hang until the server is closed.
 */
final class FakeRewardServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to do with one request. */
    record Reply(Kind kind, int status, String body) {
        enum Kind { ANSWER, DROP, HANG }

        static Reply ok(String body) {
            return new Reply(Kind.ANSWER, 200, body);
        }

        static Reply status(int status, String body) {
            return new Reply(Kind.ANSWER, status, body);
        }

        /** Close the connection without an HTTP answer. */
        static Reply drop() {
            return new Reply(Kind.DROP, 0, "");
        }

        /** Never answer (until the server is closed). */
        static Reply hang() {
            return new Reply(Kind.HANG, 0, "");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    FakeRewardServer(BiFunction<JsonNode, Integer, Reply> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(threads);
        server.createContext("/get_reward", exchange -> handle(exchange, script));
        server.start();
    }

    private void handle(HttpExchange exchange, BiFunction<JsonNode, Integer, Reply> script) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        int number;
        synchronized (requests) {
            requests.add(body);
            number = requests.size();
        }
        Reply reply = script.apply(body, number);
        if (reply.kind() == Reply.Kind.DROP) {
            // An exception from a handler makes the server close the connection without answering.
            throw new IOException("dropping the connection on purpose");
        }
        if (reply.kind() == Reply.Kind.HANG) {
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/get_reward");
    }

    List<JsonNode> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
