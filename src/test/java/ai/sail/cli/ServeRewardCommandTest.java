package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sail serve-reward} as a script runs it: in the background, the URL read from its one line of
 * stdout, stopped with SIGTERM.
 */
class ServeRewardCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsItsUrlWhenReadyServesAndStopsCleanlyOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve-reward", "--reward", "length:5", "--port", "0", "--threads", "1"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            // What a script does: wait for the line.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(out).contains("\n") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String url = Files.readString(out).strip();
            assertThat(url).as(Files.readString(err)).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/get_reward");
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\": [\"Hi abcdefg\"], \"prompts\": [\"Hi \"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(reply.body()).get("rewards").get(0).asDouble()).isEqualTo(-0.4);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(err);
            assertThat(p.exitValue()).as(log).isEqualTo(143);
            assertThat(Files.readString(out)).as("the URL is the only line on stdout").isEqualTo(url + System.lineSeparator());
            assertThat(log).contains("serving    length:5").contains("stopped by SIGTERM; the reward server is closed")
                    .doesNotContain("\tat ").doesNotContain("queries"); // nothing logged per request by default
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aSourceItCannotServeIsBadInput() {
        CliTest.Run r = CliTest.run("serve-reward", "--reward", "implicit", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("implicit").contains("policy");
    }
}
