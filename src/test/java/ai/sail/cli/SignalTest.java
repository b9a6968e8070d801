package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run in a child JVM, stopped with SIGTERM (what timeout, a scheduler or a closing terminal
 * sends) at random points: it must stop cleanly every time, with no native crash report, nothing
 * half-written, the exit status of the signal and a message saying where to resume.
 */
class SignalTest {
    @TempDir
    Path dir;

    Process start(Path out, Path stderr) throws Exception {
        Path data = dir.resolve("pairs.jsonl");
        if (!Files.exists(data)) {
            Files.writeString(data, "{\"prompt\": \"Lily went to the park.\", \"chosen\": \" She smiled.\", \"rejected\": \" She cried.\"}\n"
                    + "{\"prompt\": \"Tom found a box.\", \"chosen\": \" It was a toy.\", \"rejected\": \" It was a bug.\"}\n");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--model", Fixtures.require("models/stories260K/stories260K.gguf").toString(),
                "--data", data.toString(), "--batch-size", "2", "--max-steps", "100000", "--save-steps", "3",
                "--threads", "1", "--output-dir", out.toString()));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(stderr.toFile()).start();
    }

    @Test
    void sigtermAtRandomPointsStopsCleanlyEveryTime() throws Exception {
        Random random = new Random(11);
        for (int trial = 0; trial < 6; trial++) {
            Path out = dir.resolve("run-" + trial);
            Path log = dir.resolve("log-" + trial + ".txt");
            Process p = start(out, log);
            // From JVM start-up to the middle of training (engine loaded after about a second here).
            Thread.sleep(300 + random.nextInt(6000));
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("trial %d ended", trial).isTrue();
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("trial %d: %s", trial, text).isEqualTo(143);
            assertThat(text).as("trial %d", trial).doesNotContain("SIGSEGV").doesNotContain("\tat ai.sail");
            if (text.contains("train dpo")) {
                // Training had started: the stop names where to resume.
                assertThat(text).contains("stopped by SIGTERM during step").contains("nothing was half-written");
            }
            assertNothingLeftBehind(out, false);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
    }

    @Test
    void aSecondSignalEndsTheRunAtOnce() throws Exception {
        Path out = dir.resolve("run");
        Path log = dir.resolve("log.txt");
        Process p = start(out, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("train dpo") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        p.destroy();
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertNothingLeftBehind(out, true);
    }

    /**
     * Every checkpoint complete; no temporary file of an interrupted write, unless {@code tempAllowed}
     * (a second, immediate signal may cut a write short; the next run removes what it leaves, see FaultsTest).
     */
    private static void assertNothingLeftBehind(Path out, boolean tempAllowed) throws Exception {
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                assertThat(tempAllowed || !name.contains(".tmp-")).as("left behind: %s", p).isTrue();
                if (name.startsWith("checkpoint-") && Files.isDirectory(p)) {
                    assertThat(p.resolve("model.safetensors")).as(p.toString()).exists();
                    assertThat(p.resolve("trainer_state.json")).as(p.toString()).exists();
                }
            }
        }
    }
}
