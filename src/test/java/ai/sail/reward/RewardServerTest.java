package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RewardServer} against Sail's own client ({@link RemoteRewardSource}): a served source must
 * give exactly the rewards the same source gives in-process, for every kind of reward and for rows
 * whose prompt matters; requests that are not the protocol's get a 400 that says what was expected.
 */
class RewardServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RewardContext CPU = RewardContext.on(Device.cpu());

    /** Rows with and without prompts, empty responses, non-ASCII text, several lines. */
    static final List<RewardQuery> QUERIES = List.of(
            RewardQuery.text("Tell me a story.", " Once upon a time a happy cat sat on a mat."),
            RewardQuery.text("", "Sad news: the kite broke, and Lily was not happy."),
            RewardQuery.text("Wie geht's? ", "Très bien, merci \u263A, a great day!"),
            RewardQuery.text("Q: 2+2?\n", ""),
            RewardQuery.text("Say no.\n\n", "no no NO, never.\nI am not sad."));

    @TempDir
    Path dir;

    private static double[] local(String spec, RewardContext ctx) {
        try (RewardSource source = RewardSources.parse(spec, ctx)) {
            return source.score(QUERIES);
        }
    }

    private static double[] served(String spec, RewardContext ctx) throws IOException {
        try (RewardServer server = RewardServer.start(RewardSources.parse(spec, ctx), "127.0.0.1", 0, null);
                RemoteRewardSource client = RemoteRewardSource.parse(server.uri().toString(), RemoteRewardSourceTest.FAST)) {
            return client.score(QUERIES);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lexicon:sentiment", "length:20", "keywords:happy,cat,kite", "regex:(?i)\\bno\\b"})
    void theClientGetsExactlyTheRewardsTheSourceGivesLocally(String spec) throws IOException {
        double[] want = local(spec, CPU);
        assertThat(served(spec, CPU)).containsExactly(want);
    }

    /**
     * A reward model formats prompt and response with its chat template, so the server must hand it the
     * prompt apart, cut back out of the query: scoring the joined text as a response gives other rewards.
     */
    @Test
    void aRewardModelWithAChatTemplateScoresEachPromptApartAsLocally() throws IOException {
        Path model = TinyLlamaCheckpoint.write(dir.resolve("rm"), TinyLlamaCheckpoint.config(RewardModelSourceTest.VOCAB, 1),
                "tokenizers/phi3");
        RewardContext ctx = CPU.withBatchSize(2);
        double[] want = local(model.toString(), ctx);
        assertThat(served(model.toString(), ctx)).containsExactly(want);
        try (RewardSource source = RewardSources.parse(model.toString(), ctx)) {
            double[] joined = source.score(List.of(RewardQuery.text("", QUERIES.get(0).prompt() + QUERIES.get(0).response())));
            assertThat(joined[0]).as("the prompt matters to this reward").isNotEqualTo(want[0]);
        }
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    private static Reply send(URI uri, String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private static void assertBadRequest(URI uri, String body, String... says) throws Exception {
        Reply reply = send(uri, "POST", body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.body().get("error").asText()).as(body).contains(says);
    }

    @Test
    void malformedRequestsGetA400ThatSaysWhatWasExpected() throws Exception {
        try (RewardServer server = RewardServer.start(RewardSources.parse("length:5", CPU), "127.0.0.1", 0, null)) {
            URI uri = server.uri();
            String expected = "expected a JSON object {\"query\": [prompt + response, ...]";
            assertBadRequest(uri, "query=hello", "not valid JSON", expected);
            assertBadRequest(uri, "", "empty", expected);
            assertBadRequest(uri, "[\"hello\"]", "a JSON array", expected);
            assertBadRequest(uri, "{\"prompts\": [\"a\"]}", "no \"query\"", expected);
            assertBadRequest(uri, "{\"query\": \"hello\"}", "\"query\" is a JSON string; expected a list of strings");
            assertBadRequest(uri, "{\"query\": null}", "\"query\" is a JSON null; expected a list of strings");
            assertBadRequest(uri, "{\"query\": [\"a\", 3]}", "\"query\"[1] is a JSON number; expected a string");
            assertBadRequest(uri, "{\"query\": [\"ab\"], \"prompts\": [\"a\", \"b\"]}",
                    "\"prompts\" has 2 entries for 1 queries");
            assertBadRequest(uri, "{\"query\": [\"hello\", \"bye now\"], \"prompts\": [\"he\", \"hi\"]}",
                    "query 1 does not start with prompts[1]");

            Reply get = send(uri, "GET", null);
            assertThat(get.status()).isEqualTo(405);
            assertThat(get.raw().headers().firstValue("Allow")).hasValue("POST");
            Reply elsewhere = send(uri.resolve("/score"), "POST", "{\"query\": []}");
            assertThat(elsewhere.status()).isEqualTo(404);
            assertThat(elsewhere.body().get("error").asText()).contains("/get_reward");
        }
    }

    /** Older OpenRLHF clients send the query alone; labels are read by nothing. */
    @Test
    void promptsAndLabelsMayBeLeftOut() throws Exception {
        try (RewardServer server = RewardServer.start(RewardSources.parse("length:5", CPU), "127.0.0.1", 0, null)) {
            Reply alone = send(server.uri(), "POST", "{\"query\": [\"abcdefgh\", \"ab\"]}");
            assertThat(alone.status()).isEqualTo(200);
            // -|chars - 5| / 5 over the whole query, as a response to an empty prompt
            assertThat(JSON.convertValue(alone.body().get("rewards"), double[].class)).containsExactly(-0.6, -0.6);
            Reply labelled = send(server.uri(), "POST",
                    "{\"query\": [\"Q: abcdefg\"], \"prompts\": [\"Q: \"], \"labels\": [{\"any\": 1}]}");
            assertThat(JSON.convertValue(labelled.body().get("rewards"), double[].class)).containsExactly(-0.4);
            Reply none = send(server.uri(), "POST", "{\"query\": [], \"prompts\": []}");
            assertThat(none.body().get("rewards")).isEmpty();
        }
    }

    /** What a source refuses is the request's fault: a 400, which the client reports at once without retrying. */
    @Test
    void queriesTheSourceRefusesGetA400AndAreNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RewardSource refusing = new RewardSource() {
            @Override
            public double[] score(List<RewardQuery> queries) {
                calls.incrementAndGet();
                throw new IllegalArgumentException("query 0 is 9000 tokens, more than the reward model's 4096");
            }

            @Override
            public String describe() {
                return "refusing";
            }
        };
        try (RewardServer server = RewardServer.start(refusing, "127.0.0.1", 0, null);
                RemoteRewardSource client = RemoteRewardSource.parse(server.uri().toString(), RemoteRewardSourceTest.FAST)) {
            assertThatThrownBy(() -> client.score(QUERIES))
                    .isInstanceOf(RewardUnavailableException.class)
                    .hasMessageContaining("HTTP 400").hasMessageContaining("more than the reward model's 4096");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void portZeroTakesAFreePortAndAGivenPortIsUsed() throws Exception {
        try (RewardServer a = RewardServer.start(RewardSources.parse("length:5", CPU), "127.0.0.1", 0, null);
                RewardServer b = RewardServer.start(RewardSources.parse("length:5", CPU), "127.0.0.1", 0, null)) {
            assertThat(a.uri().getPort()).isPositive().isNotEqualTo(b.uri().getPort());
            assertThat(a.uri().toString()).isEqualTo("http://127.0.0.1:" + a.uri().getPort() + "/get_reward");
            assertThat(send(b.uri(), "POST", "{\"query\": [\"abcde\"]}").status()).isEqualTo(200);
            assertThatThrownBy(() -> RewardServer.start(RewardSources.parse("length:5", CPU), "127.0.0.1", a.uri().getPort(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port 0");
        }
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        try (RewardServer fixed = RewardServer.start(RewardSources.parse("length:5", CPU), "127.0.0.1", free, null)) {
            assertThat(fixed.uri().getPort()).isEqualTo(free);
        }
    }

    /** Closing waits for the scoring in progress before it closes the source: a model is never freed mid-forward. */
    @Test
    void closingLetsTheScoringInProgressFinishThenClosesTheSource() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean closedWhileScoring = new AtomicBoolean();
        RewardSource slow = new RewardSource() {
            @Override
            public double[] score(List<RewardQuery> queries) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                closedWhileScoring.set(closed.get());
                return new double[queries.size()];
            }

            @Override
            public String describe() {
                return "slow";
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        RewardServer server = RewardServer.start(slow, "127.0.0.1", 0, null);
        Thread request = new Thread(() -> {
            try {
                send(server.uri(), "POST", "{\"query\": [\"x\"]}");
            } catch (Exception e) {
                // the connection may be cut by close(); what matters is the source
            }
        });
        request.start();
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(server::close);
        closer.start();
        Thread.sleep(200); // give close() the chance to (wrongly) close the source now
        release.countDown();
        closer.join(30_000);
        request.join(30_000);
        assertThat(closedWhileScoring).isFalse();
        assertThat(closed).isTrue();
    }
}
