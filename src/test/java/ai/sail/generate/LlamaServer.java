package ai.sail.generate;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.sail.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real llama.cpp {@code llama-server} for tests, serving a GGUF file on the loopback interface. The
 * binary is {@code SAIL_LLAMA_SERVER}, else what the fixtures' build script prints (it builds once,
 * cached). Without either the test skips, unless {@code SAIL_REQUIRE_FIXTURES=1}. The server keeps its
 * KV cache in F32 ({@code -ctk f32 -ctv f32}): with its default F16 cache its log-probabilities differ
 * from Sail's by up to 2e-3 on stories260K (see the fixtures' README), with F32 by about 2e-6.
 *
 * <p>Started here until the project's managed llama-server process covers tests too.
 */
public final class LlamaServer implements AutoCloseable {
    private final Process process;
    private final URI uri;
    private final Path log;

    private LlamaServer(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /** Serves {@code gguf} with one slot and one thread; returns once {@code /health} answers. */
    public static LlamaServer start(Path gguf) throws IOException, InterruptedException {
        Path binary = binary();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("llama-server", ".log");
        Process process = new ProcessBuilder(List.of(binary.toString(), "-m", gguf.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "-ctk", "f32", "-ctv", "f32", "-t", "1", "-np", "1", "-c", "512"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LlamaServer server = new LlamaServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitHealth();
        return server;
    }

    /** The server's base URL. */
    public URI uri() {
        return uri;
    }

    /** Ends the process at once, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file; nothing depends on it
        }
    }

    private void awaitHealth() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("llama-server exited with " + process.exitValue() + ": " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        fail("llama-server did not become healthy in 120 s: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The binary, or a skip (a failure under {@code SAIL_REQUIRE_FIXTURES=1}) saying why there is none. */
    public static Path binary() throws IOException, InterruptedException {
        String named = System.getenv("SAIL_LLAMA_SERVER");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            if (!Files.isExecutable(p)) {
                fail("SAIL_LLAMA_SERVER names " + p + ", which is not an executable file");
            }
            return p;
        }
        Path script = Fixtures.require("engines/llama.cpp/build.sh");
        Path out = Files.createTempFile("llama-build", ".out");
        try {
            Process build = new ProcessBuilder("bash", script.toString()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            boolean done = build.waitFor(20, TimeUnit.MINUTES);
            List<String> lines = Files.readAllLines(out);
            Path binary = done && build.exitValue() == 0 && !lines.isEmpty() ? Path.of(lines.get(lines.size() - 1).strip()) : null;
            if (binary == null || !Files.isExecutable(binary)) {
                String why = "no llama-server: " + script + (done ? " failed (needs cmake and a C++ compiler)" : " timed out")
                        + "; set SAIL_LLAMA_SERVER to a llama-server binary";
                if ("1".equals(System.getenv("SAIL_REQUIRE_FIXTURES"))) {
                    fail(why + "; SAIL_REQUIRE_FIXTURES=1 forbids skipping");
                }
                assumeTrue(false, why);
            }
            return binary;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
