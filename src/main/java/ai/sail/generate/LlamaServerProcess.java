package ai.sail.generate;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code llama-server} process (llama.cpp's OpenAI-compatible server) that Sail starts, serving one
 * GGUF file on the loopback interface, and replaces when the policy's weights change: llama.cpp
 * cannot reload weights in place, so a weight sync is a new GGUF file and a restart
 * ({@link #restart}). The server is stopped by {@link #close} and, should the JVM exit first, by a
 * shutdown hook: an engine must not outlive the run that started it.
 *
 * <p>The first start asks for any free port ({@code --port 0}) and reads the one the server bound
 * from its log, so two runs on one machine never race for a port; a restart asks for the same port
 * again, so the address stays the same for clients, and takes any free one if that has gone.
 * The server is ready when {@code GET /health} answers 200 (it answers 503 while loading). Its
 * output goes to a log file; every failure (exit while starting, no answer within the start
 * timeout, found dead later) raises an {@link EngineProcessException} naming the server, its
 * address and the model, with the last lines of that log.
 *
 * <p>Not thread-safe: one owner restarts and closes it; any thread may read {@link #baseUrl}.
 */
public final class LlamaServerProcess implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    /** The line llama-server logs once its socket is bound (server.cpp, this snapshot and later). */
    private static final Pattern LISTENING = Pattern.compile("HTTP server is listening, hostname: [^,]+, port: (\\d+)");
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int TAIL_BYTES = 4000;

    private final LlamaServerSettings settings;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook;
    private volatile Process process;
    private volatile Path model;
    private volatile int port;
    private int starts;

    private LlamaServerProcess(LlamaServerSettings settings) throws IOException {
        this.settings = settings;
        this.log = Files.createTempFile("sail-llama-server-", ".log");
        this.shutdownHook = new Thread(this::kill, "stop llama-server");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code llama-server} on {@code model} and waits until it answers {@code /health}.
     *
     * @throws EngineProcessException if it exits or does not become ready within the start timeout
     */
    public static LlamaServerProcess start(LlamaServerSettings settings, Path model) throws IOException {
        Objects.requireNonNull(settings, "settings");
        if (!Files.isExecutable(settings.binary())) {
            throw new IllegalArgumentException("llama-server binary " + settings.binary() + " "
                    + (Files.exists(settings.binary()) ? "is not executable" : "does not exist")
                    + " (build it with llama.cpp's cmake target llama-server)");
        }
        LlamaServerProcess server = new LlamaServerProcess(settings);
        try {
            server.launch(model, 0);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}, the base of {@code /v1/completions}. */
    public URI baseUrl() {
        return URI.create("http://" + HOST + ":" + port);
    }

    /** The GGUF file being served. */
    public Path model() {
        return model;
    }

    /** The operating-system id of the running server process. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Stops the server and starts it again on {@code newModel} (the policy's new weights), on the same
     * port where possible; returns once it answers {@code /health}. Requests in flight fail.
     */
    public void restart(Path newModel) throws IOException {
        int previous = port;
        stop();
        try {
            launch(newModel, previous);
        } catch (EngineProcessException e) {
            if (!tail().contains("couldn't bind")) {
                throw e;
            }
            launch(newModel, 0); // the port was taken meanwhile: any free one will do
        }
    }

    /**
     * Throws an {@link EngineProcessException} naming the server and quoting its last output if it is no
     * longer running; a client calls this when a request fails, to report the cause rather than a
     * bare "connection refused".
     */
    public void checkRunning() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new EngineProcessException(describe() + " is not running"
                    + (p == null ? "" : ": it exited with status " + p.exitValue()) + lastOutput());
        }
    }

    /** {@code llama-server at http://127.0.0.1:P serving FILE}, for messages. */
    public String describe() {
        return "llama-server at " + baseUrl() + " serving " + model;
    }

    private void launch(Path newModel, int requestedPort) throws IOException {
        if (!Files.isRegularFile(newModel)) {
            throw new IllegalArgumentException("llama-server model " + newModel + " is not a file");
        }
        model = newModel;
        port = requestedPort;
        starts++;
        Files.writeString(log, ""); // the tail must be this start's, not an earlier one's
        ProcessBuilder pb = new ProcessBuilder(settings.command(newModel, requestedPort))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        try {
            awaitReady(deadline);
        } catch (EngineProcessException e) {
            kill();
            throw e;
        }
    }

    private void awaitReady(long deadline) throws IOException {
        while (true) {
            if (!process.isAlive()) {
                throw new EngineProcessException("llama-server (" + settings.binary() + ") exited with status "
                        + process.exitValue() + " while starting on " + model + lastOutput());
            }
            if (port == 0) {
                // The whole log, not its tail: the line comes before the model loads, which logs a lot.
                Matcher m = LISTENING.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            if (port != 0 && healthy()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new EngineProcessException("llama-server (" + settings.binary() + ") serving " + model
                        + " did not answer GET /health with ok within " + settings.startTimeout().toSeconds() + " s"
                        + lastOutput());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new EngineProcessException("interrupted while waiting for llama-server to start on " + model, e);
            }
        }
    }

    /** Whether {@code /health} answers 200; 503 (loading) and refused connections are "not yet". */
    private boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(baseUrl().resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last few thousand characters the server printed in this start. */
    String tail() {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(its log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    private String lastOutput() {
        String tail = tail().strip();
        if (tail.isEmpty()) {
            return "; it printed nothing";
        }
        String[] lines = tail.split("\n");
        int from = Math.max(0, lines.length - 15);
        return "; its last output:\n  " + String.join("\n  ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    /** Stops the server: politely (SIGTERM), then forcibly after a grace period. */
    private void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the server and deletes its log. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway, and kills nothing that is left
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return describe() + " (start " + starts + ")";
    }
}
