package ai.sail;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared fixtures (real models, tokenizers, data) through {@code SAIL_FIXTURES}, default
 * {@code ../shared}. Without them a test is skipped with the reason, unless
 * {@code SAIL_REQUIRE_FIXTURES=1}, in which case it fails: CI must never pass by skipping.
 */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        String env = System.getenv("SAIL_FIXTURES");
        return Path.of(env == null || env.isBlank() ? "../shared" : env).toAbsolutePath().normalize();
    }

    /** A fixture file or folder, relative to the fixture root; skips or fails if missing. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String why = "fixture " + p + " not found (set SAIL_FIXTURES to the shared fixture folder)";
            if ("1".equals(System.getenv("SAIL_REQUIRE_FIXTURES"))) {
                fail(why + "; SAIL_REQUIRE_FIXTURES=1 forbids skipping");
            }
            assumeTrue(false, why);
        }
        return p;
    }
}
