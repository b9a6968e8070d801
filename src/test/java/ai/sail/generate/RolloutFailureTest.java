package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.http.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rollout servers fail as reward servers do: transient failures are retried with backoff, and a server
 * that stays down stops the call with a message naming it; nothing is sampled in process instead.
 */
class RolloutFailureTest {
    static final RetryPolicy QUICK = new RetryPolicy(Duration.ofSeconds(2), 2, Duration.ofMillis(1));
    static final String MODELS = FakeEngine.recorded("vllm-models.json");
    static final String ANSWER = FakeEngine.recorded("vllm-response-stop-string.json");

    static RemoteGenerator client(List<URI> servers) {
        return new RemoteGenerator(new RolloutSettings(servers, RolloutEngine.VLLM, QUICK, 2), RolloutDialectTest.CONFIG,
                RolloutDialectTest.SAIL, RolloutDialectTest.TEXT, new PrintStream(new ByteArrayOutputStream()));
    }

    static List<Generation> sample(RemoteGenerator client, int rows) {
        List<int[]> prompts = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            prompts.add(new int[] {1, 5 + i}); // distinct prompts: one request each
        }
        return client.generate(prompts, RolloutDialectTest.SETTINGS, new Random(1));
    }

    @Test
    void anOverloadedServerIsRetriedUntilItAnswers() throws Exception {
        try (FakeEngine flaky = new FakeEngine(MODELS, (body, n) -> n <= 2 ? new FakeEngine.Reply(503, "busy")
                : FakeEngine.Reply.ok(ANSWER)); RemoteGenerator client = client(List.of(flaky.uri()))) {
            assertThat(sample(client, 1).get(0).tokens()).containsExactly(40, 41);
            assertThat(flaky.requests()).hasSize(3);
        }
    }

    @Test
    void aServerThatIsNotThereStopsAtOnceNamingIt() throws Exception {
        URI dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        URI server = dead;
        assertThatThrownBy(() -> client(List.of(server)))
                .isInstanceOf(RolloutUnavailableException.class)
                .hasMessageContaining("rollout server " + server + "/v1/models")
                .hasMessageContaining("failed after 3 attempt(s)");
    }

    @Test
    void aServerThatDiesMidRunStopsTheNextBatchNamingIt() throws Exception {
        FakeEngine engine = new FakeEngine(MODELS, (body, n) -> FakeEngine.Reply.ok(ANSWER));
        try (RemoteGenerator client = client(List.of(engine.uri()))) {
            assertThat(sample(client, 2)).hasSize(2);
            engine.close();
            assertThatThrownBy(() -> sample(client, 2))
                    .isInstanceOf(RolloutUnavailableException.class)
                    .hasMessageContaining("rollout server " + engine.uri() + "/v1/completions failed after 3 attempt(s)");
        }
    }

    @Test
    void withSeveralServersTheFailingOneIsNamedAndTheBatchHasNoSamples() throws Exception {
        try (FakeEngine good = new FakeEngine(MODELS, (body, n) -> FakeEngine.Reply.ok(ANSWER));
                FakeEngine bad = new FakeEngine(MODELS, (body, n) -> new FakeEngine.Reply(500, "out of memory"));
                RemoteGenerator client = client(List.of(good.uri(), bad.uri()))) {
            assertThatThrownBy(() -> sample(client, 4))
                    .isInstanceOf(RolloutUnavailableException.class)
                    .hasMessageContaining("1 of 2 rollout servers failed")
                    .hasMessageContaining(bad.uri() + "/v1/completions")
                    .hasMessageContaining("HTTP 500: out of memory")
                    .hasMessageNotContaining(good.uri() + "/v1/completions");
            // The batch went round both servers: each got its share of the four requests.
            assertThat(good.requests()).hasSizeBetween(1, 2);
        }
    }

    @Test
    void anAnswerThatIsNotACompletionNamesTheServer() throws Exception {
        try (FakeEngine html = new FakeEngine(MODELS, (body, n) -> FakeEngine.Reply.ok("<html>proxy error</html>"));
                RemoteGenerator client = client(List.of(html.uri()))) {
            assertThatThrownBy(() -> sample(client, 1))
                    .isInstanceOf(RolloutUnavailableException.class)
                    .hasMessageContaining(html.uri() + "/v1/completions")
                    .hasMessageContaining("not valid JSON");
        }
        try (FakeEngine tooFew = new FakeEngine(MODELS, (body, n) -> FakeEngine.Reply.ok("{\"choices\": []}"));
                RemoteGenerator client = client(List.of(tooFew.uri()))) {
            assertThatThrownBy(() -> sample(client, 1))
                    .isInstanceOf(RolloutUnavailableException.class)
                    .hasMessageContaining("0 choices for 1 samples");
        }
    }

    @Test
    void serverListsAreCheckedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> RolloutSettings.parse("http://a:1,", RolloutEngine.AUTO, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> RolloutSettings.parse("ftp://a:1", RolloutEngine.AUTO, 10, 1))
                .hasMessageContaining("must be an http:// or https:// URL");
        assertThatThrownBy(() -> RolloutSettings.parse("http://a:1", RolloutEngine.AUTO, 0, 1))
                .hasMessageContaining("--rollout-timeout");
        assertThat(RolloutSettings.parse("http://a:1/v1/, http://b:2", RolloutEngine.VLLM, 10, 1).servers())
                .containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
    }
}
