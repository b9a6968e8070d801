package ai.sail.generate;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.sail.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real llama.cpp {@code llama-server} for tests, serving a GGUF file on the loopback interface. The
 * binary is {@code SAIL_LLAMA_SERVER}, else what the fixtures' build script prints (it builds once,
 * cached). Without either the test skips, unless {@code SAIL_REQUIRE_FIXTURES=1}. The server keeps its
 * KV cache in F32 ({@code -ctk f32 -ctv f32}): with its default F16 cache its log-probabilities differ
 * from Sail's by up to 2e-3 on stories260K (see the fixtures' README), with F32 by about 2e-6.
 * It is Sail's own {@link LlamaServerProcess} (one slot, one thread, 512 tokens), so the tests start
 * the server the way a training run does.
 */
public final class LlamaServer implements AutoCloseable {
    private final LlamaServerProcess process;

    private LlamaServer(LlamaServerProcess process) {
        this.process = process;
    }

    /** Serves {@code gguf} with one slot and one thread; returns once {@code /health} answers. */
    public static LlamaServer start(Path gguf) throws IOException, InterruptedException {
        return new LlamaServer(LlamaServerProcess.start(LlamaServerSettings.of(binary(), 1, 512), gguf));
    }

    /** The server's base URL. */
    public URI uri() {
        return process.baseUrl();
    }

    /** Ends the process at once, as a crash would (not the orderly stop of {@link #close}). */
    public void kill() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    @Override
    public void close() {
        process.close();
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
