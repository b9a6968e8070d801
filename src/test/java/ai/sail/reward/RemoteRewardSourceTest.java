package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.sail.http.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteRewardSourceTest {
    /** Short timeout and tiny backoff so failure paths run in milliseconds. */
    static final RetryPolicy FAST = new RetryPolicy(Duration.ofSeconds(2), 3, Duration.ofMillis(5));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    FakeRewardServer server(BiFunction<JsonNode, Integer, FakeRewardServer.Reply> script) throws IOException {
        FakeRewardServer s = new FakeRewardServer(script);
        open.add(s);
        return s;
    }

    RemoteRewardSource source(RetryPolicy settings, URI... uris) {
        RemoteRewardSource s = new RemoteRewardSource(List.of(uris), settings);
        open.add(s);
        return s;
    }

    /** Queries whose prompts are "1", "2", ...: servers below answer with numbers derived from them. */
    static List<RewardQuery> numbered(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> RewardQuery.text(String.valueOf(i), " reply")).toList();
    }

    /** Reward = the prompt's number + offset, one per query in the request. */
    static FakeRewardServer.Reply promptPlus(JsonNode request, double offset) {
        StringBuilder rewards = new StringBuilder();
        for (JsonNode p : request.get("prompts")) {
            rewards.append(rewards.length() == 0 ? "" : ", ").append(Double.parseDouble(p.asText()) + offset);
        }
        return FakeRewardServer.Reply.ok("{\"rewards\": [" + rewards + "]}");
    }

    @Test
    void sendsTheOpenRlhfRequest() throws Exception {
        FakeRewardServer s = server((req, n) -> FakeRewardServer.Reply.ok("[0.5, 1.5]"));
        double[] scores = source(FAST, s.uri()).score(List.of(RewardQuery.text("Hi. ", "Hello!"), RewardQuery.text("Q", "A")));
        assertThat(scores).containsExactly(0.5, 1.5);
        JsonNode req = s.requests().get(0);
        assertThat(req.get("query").toString()).isEqualTo("[\"Hi. Hello!\",\"QA\"]");
        assertThat(req.get("prompts").toString()).isEqualTo("[\"Hi. \",\"Q\"]");
        assertThat(req.get("labels").toString()).isEqualTo("[\"\",\"\"]");
    }

    @Test
    void aServerThatFailsTwiceIsRetriedAndItsAnswerUsed() throws Exception {
        FakeRewardServer s = server((req, n) -> switch (n) {
            case 1 -> FakeRewardServer.Reply.drop();
            case 2 -> FakeRewardServer.Reply.status(500, "overloaded");
            default -> promptPlus(req, 0);
        });
        assertThat(source(FAST, s.uri()).score(numbered(3))).containsExactly(1.0, 2.0, 3.0);
        assertThat(s.requests()).hasSize(3);
    }

    @Test
    void aDroppedConnectionIsReportedAsSuch() throws Exception {
        FakeRewardServer s = server((req, n) -> FakeRewardServer.Reply.drop());
        RetryPolicy noRetry = new RetryPolicy(Duration.ofSeconds(2), 0, Duration.ZERO);
        assertThatThrownBy(() -> source(noRetry, s.uri()).score(numbered(1)))
                .hasMessageContaining("failed after 1 attempt(s); last failure: IOException");
    }

    @Test
    void aRefusedConnectionEndsWithAClearErrorAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port + "/get_reward");
        RetryPolicy twoRetries = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMillis(1));
        assertThatThrownBy(() -> source(twoRetries, dead).score(numbered(2)))
                .isInstanceOf(RewardUnavailableException.class)
                .hasMessageContaining(dead.toString())
                .hasMessageContaining("failed after 3 attempt(s)")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void aServerThatNeverAnswersTimesOutOnEveryAttempt() throws Exception {
        FakeRewardServer s = server((req, n) -> FakeRewardServer.Reply.hang());
        RetryPolicy quick = new RetryPolicy(Duration.ofMillis(200), 1, Duration.ofMillis(1));
        assertThatThrownBy(() -> source(quick, s.uri()).score(numbered(1)))
                .isInstanceOf(RewardUnavailableException.class)
                .hasMessageContaining(s.uri().toString())
                .hasMessageContaining("failed after 2 attempt(s)")
                .hasMessageContaining("HttpTimeoutException");
        assertThat(s.requests()).hasSize(2);
    }

    @Test
    void twoServersShareABatchInContiguousChunks() throws Exception {
        FakeRewardServer a = server((req, n) -> promptPlus(req, 0));
        FakeRewardServer b = server((req, n) -> promptPlus(req, 1000));
        double[] scores = source(FAST, a.uri(), b.uri()).score(numbered(5));
        assertThat(scores).containsExactly(1, 2, 3, 1004, 1005);
        assertThat(a.requests().get(0).get("prompts").toString()).isEqualTo("[\"1\",\"2\",\"3\"]");
        assertThat(b.requests().get(0).get("prompts").toString()).isEqualTo("[\"4\",\"5\"]");
        // Fewer queries than servers: only the first server is asked.
        assertThat(source(FAST, a.uri(), b.uri()).score(numbered(1))).containsExactly(1.0);
        assertThat(b.requests()).hasSize(1);
    }

    @Test
    void oneFailingServerFailsTheWholeBatchAndIsNamed() throws Exception {
        FakeRewardServer good = server((req, n) -> promptPlus(req, 0));
        FakeRewardServer bad = server((req, n) -> FakeRewardServer.Reply.status(503, "down"));
        assertThatThrownBy(() -> source(FAST, good.uri(), bad.uri()).score(numbered(4)))
                .isInstanceOf(RewardUnavailableException.class)
                .hasMessageContaining("1 of 2 reward servers failed")
                .hasMessageContaining(bad.uri().toString())
                .hasMessageContaining("HTTP 503: down")
                .hasMessageNotContaining(good.uri().toString());
        assertThat(bad.requests()).hasSize(FAST.attempts());
    }

    @Test
    void aWrongCountIsAnErrorNamingTheServerAndIsNotRetried() throws Exception {
        FakeRewardServer s = server((req, n) -> FakeRewardServer.Reply.ok("{\"rewards\": [1, 2]}"));
        assertThatThrownBy(() -> source(FAST, s.uri()).score(numbered(3)))
                .isInstanceOf(RewardUnavailableException.class)
                .hasMessageContaining(s.uri().toString())
                .hasMessageContaining("2 rewards for 3 queries");
        assertThat(s.requests()).hasSize(1);
    }

    @Test
    void aNanRewardIsAnErrorNamingTheServer() throws Exception {
        FakeRewardServer s = server((req, n) -> FakeRewardServer.Reply.ok("{\"rewards\": [0.1, NaN]}"));
        assertThatThrownBy(() -> source(FAST, s.uri()).score(numbered(2)))
                .isInstanceOf(RewardUnavailableException.class)
                .hasMessageContaining(s.uri().toString())
                .hasMessageContaining("reward 1 is NaN");
    }

    @Test
    void malformedJsonAndClientErrorsAreNotRetried() throws Exception {
        FakeRewardServer html = server((req, n) -> FakeRewardServer.Reply.ok("<html>Bad Gateway</html>"));
        assertThatThrownBy(() -> source(FAST, html.uri()).score(numbered(1)))
                .hasMessageContaining(html.uri().toString()).hasMessageContaining("not valid JSON");
        FakeRewardServer notFound = server((req, n) -> FakeRewardServer.Reply.status(404, "no such route"));
        assertThatThrownBy(() -> source(FAST, notFound.uri()).score(numbered(1)))
                .hasMessageContaining(notFound.uri().toString()).hasMessageContaining("HTTP 404: no such route");
        assertThat(html.requests()).hasSize(1);
        assertThat(notFound.requests()).hasSize(1);
    }

    @Test
    void theSpecParserBuildsARemoteSourceWithTheContextSettings() throws Exception {
        FakeRewardServer a = server((req, n) -> n == 1 ? FakeRewardServer.Reply.status(500, "") : promptPlus(req, 0));
        FakeRewardServer b = server((req, n) -> promptPlus(req, 10));
        RewardSource r = RewardSources.parse(a.uri() + "," + b.uri(), RewardContext.on(Device.cpu()).withRemote(FAST));
        open.add(r);
        assertThat(r.score(numbered(2))).containsExactly(1.0, 12.0);
        assertThat(r.describe()).contains(a.uri().toString(), b.uri().toString());
        assertThatThrownBy(() -> RewardSources.parse("http://a:1/x,,http://b:2/x", RewardContext.on(Device.cpu())))
                .hasMessageContaining("empty entry");
    }

    @Test
    void backoffDoublesFromTheBase() {
        RetryPolicy d = RetryPolicy.DEFAULTS;
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.attempts()).isEqualTo(4);
        assertThat(List.of(d.waitBeforeRetry(1), d.waitBeforeRetry(2), d.waitBeforeRetry(3)))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
