package ai.sail.generate;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.sail.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds llama.cpp's {@code llama-server} for the tests that run against it: {@code SAIL_LLAMA_SERVER}
 * if set, else what the shared build script prints (it builds once into a cache, then only prints the
 * path). Without a binary the tests skip with the reason, unless {@code SAIL_REQUIRE_FIXTURES=1}.
 */
final class LlamaServerBinary {
    private static Path found;

    private LlamaServerBinary() {}

    static synchronized Path require() {
        if (found == null) {
            found = locate();
        }
        return found;
    }

    private static Path locate() {
        String env = System.getenv("SAIL_LLAMA_SERVER");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isExecutable(p)) {
                fail("SAIL_LLAMA_SERVER=" + env + " is not an executable file");
            }
            return p;
        }
        Path script = Fixtures.require("engines/llama.cpp/build.sh");
        String why;
        try {
            Process p = new ProcessBuilder(List.of("bash", script.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                why = script + " did not finish";
            } else if (p.exitValue() == 0 && !out.isEmpty()) {
                Path bin = Path.of(out.substring(out.lastIndexOf('\n') + 1));
                if (Files.isExecutable(bin)) {
                    return bin;
                }
                why = script + " printed " + bin + ", which is not executable";
            } else {
                why = script + " failed with status " + p.exitValue() + " (it needs cmake and a C++ compiler)";
            }
        } catch (IOException e) {
            why = "cannot run " + script + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted while running " + script;
        }
        why = "no llama-server: " + why + " (set SAIL_LLAMA_SERVER to a llama-server binary)";
        if ("1".equals(System.getenv("SAIL_REQUIRE_FIXTURES"))) {
            fail(why + "; SAIL_REQUIRE_FIXTURES=1 forbids skipping");
        }
        assumeTrue(false, why);
        return null;
    }
}
