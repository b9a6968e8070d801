package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import ai.sail.generate.LlamaServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weight sync on a llama-server that Sail starts and restarts itself ({@code --rollout-engine-binary}).
 * Each run manages its own server, so each test here starts one: the runs are kept to a few tiny steps.
 * The reference is Sail's own scoring of every sample with the current policy, which the metrics compare
 * against the engine's log-probabilities: with the served weights equal to the policy the drift is the
 * F32 round-off (about 2e-6 on stories260K), after one unsynced update at lr 1e-2 it is far larger.
 */
class WeightSyncCliTest {
    static String binary;
    static Path prompts;

    @BeforeAll
    static void find() throws Exception {
        binary = LlamaServer.binary().toString();
        prompts = Fixtures.require("data/story_prompts_train.jsonl");
    }

    static List<JsonNode> train(Path dir, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--method", "online-dpo", "--model", CliTest.stories(),
                "--prompts", prompts.toString(), "--reward", "length:30", "--batch-size", "4",
                "--max-new-tokens", "8", "--learning-rate", "1e-2", "--lr-schedule", "constant", "--save-steps", "0",
                "--output-dir", dir.resolve("run").toString(), "--rollout-engine", "llama.cpp",
                "--rollout-engine-binary", binary));
        args.addAll(List.of(extra));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("run/metrics.jsonl"))) {
            rows.add(CliTest.JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void syncingEveryUpdateKeepsTheServedPolicyEqualToTheTrainedOne(@TempDir Path dir) throws Exception {
        List<JsonNode> rows = train(dir, "--max-steps", "3", "--sync-steps", "1");
        assertThat(rows).hasSize(3);
        for (JsonNode row : rows) {
            assertThat(row.get("rollout/policy_lag").asDouble()).as(row.toString()).isZero();
            assertThat(row.get("rollout/logprob_drift").asDouble()).as(row.toString()).isLessThan(1e-3);
        }
        // The policy did move (so a zero drift is the sync's doing, not a frozen policy): its loss changed.
        assertThat(rows.get(2).get("loss").asDouble()).isNotEqualTo(rows.get(0).get("loss").asDouble());
        assertThat(dir.resolve("run/rollout-weights")).doesNotExist();
    }

    @Test
    void syncingEveryOtherUpdateLagsOneUpdateInBetween(@TempDir Path dir) throws Exception {
        List<JsonNode> rows = train(dir, "--max-steps", "4", "--sync-steps", "2", "--max-policy-lag", "1");
        assertThat(rows).extracting(r -> r.get("rollout/policy_lag").asDouble()).containsExactly(0.0, 1.0, 0.0, 1.0);
        assertThat(rows.get(0).get("rollout/logprob_drift").asDouble()).isLessThan(1e-3);
        assertThat(rows.get(2).get("rollout/logprob_drift").asDouble()).isLessThan(1e-3);
        assertThat(rows.get(1).get("rollout/logprob_drift").asDouble()).isGreaterThan(1e-3);
    }

    @Test
    void aSyncIntervalLongerThanTheAllowedLagIsRefusedAtStartup(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("train", "--method", "online-dpo", "--model", CliTest.stories(), "--prompts",
                prompts.toString(), "--reward", "length:30", "--output-dir", dir.toString(),
                "--rollout-engine", "llama.cpp", "--rollout-engine-binary", binary, "--sync-steps", "2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("max-policy-lag").contains("sync-steps 2");
    }

    @Test
    void theManagedServerNeedsTheLlamaCppEngine(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("train", "--method", "online-dpo", "--model", CliTest.stories(), "--prompts",
                prompts.toString(), "--reward", "length:30", "--output-dir", dir.toString(),
                "--rollout-engine-binary", binary);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("rollout-engine-binary").contains("llama.cpp");
    }
}
