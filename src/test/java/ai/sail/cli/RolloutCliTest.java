package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.sail.Fixtures;
import ai.sail.generate.LlamaServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --rollout-server} as a user gives it, against a real llama-server serving stories260K. */
class RolloutCliTest {
    static final String GOLDEN = "Once upon a time, there was a little girl named Lily. She loved to play outside"
            + " in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\n"
            + "Lily's mom said, \"Lily, let's go to the park.\" Lily was sad and didn't know w";
    static LlamaServer server;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        server = LlamaServer.start(Path.of(CliTest.stories()));
        url = server.uri().toString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void generateThroughTheServerPrintsTheGoldenGreedyText() {
        CliTest.Run r = CliTest.run("generate", "--model", CliTest.stories(), "--prompt", "", "--temperature", "0",
                "--max-new-tokens", "100", "--rollout-server", url);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(GOLDEN);
    }

    @Test
    void generateJsonCarriesTheEnginesLogProbsBesideSails() throws Exception {
        CliTest.Run r = CliTest.run("generate", "--model", CliTest.stories(), "--prompt", "Once upon a time",
                "--max-new-tokens", "16", "--seed", "3", "--json", "--rollout-server", url, "--rollout-engine", "llama.cpp");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode row = CliTest.JSON.readTree(r.out().lines().findFirst().orElseThrow());
        assertThat(row.get("rollout_server").asText()).isEqualTo(url);
        JsonNode sail = row.get("logprobs");
        JsonNode engine = row.get("engine_logprobs");
        assertThat(engine.size()).isEqualTo(sail.size()).isEqualTo(row.get("token_ids").size());
        for (int i = 0; i < sail.size(); i++) {
            if (!engine.get(i).isNull()) {
                assertThat(engine.get(i).asDouble()).isCloseTo(sail.get(i).asDouble(), within(1e-3));
            }
        }
    }

    @Test
    void onlineTrainingSamplesOnTheServerAndLogsTheDrift(@TempDir Path dir) throws Exception {
        Path prompts = Fixtures.require("data/story_prompts_train.jsonl");
        CliTest.Run r = CliTest.run("train", "--method", "online-dpo", "--model", CliTest.stories(), "--prompts",
                prompts.toString(), "--reward", "length:30", "--max-steps", "2", "--batch-size", "4",
                "--max-new-tokens", "8", "--learning-rate", "1e-2", "--lr-schedule", "constant", "--save-steps", "0",
                "--output-dir", dir.resolve("run").toString(), "--rollout-server", url);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("run/metrics.jsonl"));
        JsonNode first = CliTest.JSON.readTree(lines.get(0));
        JsonNode second = CliTest.JSON.readTree(lines.get(1));
        // Update 1 samples the weights the server was started with: the same policy, so no drift, no lag.
        assertThat(first.get("rollout/policy_lag").asDouble()).isZero();
        assertThat(first.get("rollout/logprob_drift").asDouble()).isLessThan(1e-3);
        assertThat(first.get("rollout/seconds").asDouble()).isPositive();
        // Update 2: the policy moved, the served weights did not (no weight sync yet): one update behind.
        assertThat(second.get("rollout/policy_lag").asDouble()).isEqualTo(1.0);
        assertThat(second.get("rollout/logprob_drift").asDouble())
                .isGreaterThan(first.get("rollout/logprob_drift").asDouble());
    }

    @Test
    void iterativeDpoSamplesItsRoundsOnTheServer(@TempDir Path dir) throws Exception {
        Path prompts = Fixtures.require("data/story_prompts_train.jsonl");
        CliTest.Run r = CliTest.run("train", "--method", "iterative-dpo", "--model", CliTest.stories(), "--prompts",
                prompts.toString(), "--reward", "length:30", "--max-steps", "1", "--rounds", "1", "--batch-size", "4",
                "--samples-per-prompt", "3", "--max-new-tokens", "8", "--save-steps", "0",
                "--output-dir", dir.resolve("run").toString(), "--rollout-server", url, "--rollout-engine", "llama.cpp");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode first = CliTest.JSON.readTree(Files.readAllLines(dir.resolve("run/metrics.jsonl")).get(0));
        assertThat(first.get("rollout/seconds").asDouble()).isPositive();
        assertThat(first.get("rollout/policy_lag").asDouble()).isZero();
        assertThat(first.get("rollout/logprob_drift").asDouble()).isLessThan(1e-3);
    }

    @Test
    void benchGeneratePrintsTheEngineNextToTheInProcessSampler() {
        CliTest.Run r = CliTest.run("bench", "generate", "--model", CliTest.stories(), "--batch", "2", "--prompt-len", "4",
                "--new-tokens", "8", "--repeats", "1", "--threads", "1", "--rollout-server", url);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("in-process sampler:").contains("through rollout server(s) " + url)
                .contains("engine tok/s");
    }

    @Test
    void aServerThatIsNotThereStopsWithStatusFourNamingIt() throws Exception {
        String dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "http://127.0.0.1:" + s.getLocalPort();
        }
        CliTest.Run r = CliTest.run("generate", "--model", CliTest.stories(), "--prompt", "", "--max-new-tokens", "4",
                "--rollout-server", dead, "--rollout-retries", "0");
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("rollout server " + dead + "/v1/models");
    }

    @Test
    void trainRefusesARolloutServerForAMethodThatSamplesNothing(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("train", "--method", "dpo", "--model", CliTest.stories(), "--data",
                Fixtures.require("data/dpo_en_demo.json").toString(), "--output-dir", dir.toString(),
                "--rollout-server", url);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("rollout-server").contains("samples nothing");
    }
}
