package ai.sail.cli;

import static ai.sail.cli.CliTest.JSON;
import static ai.sail.cli.CliTest.run;
import static ai.sail.cli.CliTest.stories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sail eval} as a user runs it, its JSON parsed back. */
class EvalCommandTest {

    static Path prompts(Path dir) throws Exception {
        return Files.writeString(dir.resolve("prompts.jsonl"),
                "{\"prompt\": \"Once upon a time\"}\n{\"prompt\": \"The cat\"}\n{\"prompt\": \"Tom and Sue\"}\n");
    }

    @Test
    void againstItselfAsReferenceEveryPairTiesAndKlIsZero(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("eval.json");
        CliTest.Run r = run("eval", "--model", stories(), "--prompts", prompts(dir).toString(), "--reward", "length:40",
                "--reference", stories(), "--samples", "2", "--max-new-tokens", "16", "--seed", "3",
                "--batch-size", "4", "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(out.toFile());
        assertThat(j.get("prompts").asInt()).isEqualTo(3);
        assertThat(j.get("samples").asInt()).isEqualTo(6);
        assertThat(j.get("settings").get("seed").asLong()).isEqualTo(3);
        assertThat(j.get("win_rate").asDouble()).isEqualTo(0.5);
        assertThat(j.get("soft_win_rate").asDouble()).isEqualTo(0.5);
        assertThat(j.get("kl").asDouble()).isCloseTo(0, within(1e-6));
        assertThat(j.get("mean_length").asDouble()).isBetween(1.0, 16.0);
        assertThat(j.get("distinct_1").isNumber()).isTrue();
        assertThat(j.get("reward").asText()).startsWith("length:40");
        JsonNode samples = j.get("per_sample");
        assertThat(samples).hasSize(6);
        double sum = 0;
        for (JsonNode s : samples) {
            assertThat(s.get("reward").asDouble()).isEqualTo(s.get("baseline_reward").asDouble());
            sum += s.get("reward").asDouble();
        }
        assertThat(j.get("mean_reward").asDouble()).isCloseTo(sum / 6, within(1e-12));
        assertThat(samples.get(5).get("prompt_index").asInt()).isEqualTo(2);
    }

    @Test
    void withoutAReferenceWinRateAndKlAreNull(@TempDir Path dir) throws Exception {
        CliTest.Run r = run("eval", "--model", stories(), "--prompts", prompts(dir).toString(), "--reward", "length:40",
                "--samples", "1", "--max-new-tokens", "8");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("reference").isNull()).isTrue();
        assertThat(j.get("win_rate").isNull()).isTrue();
        assertThat(j.get("kl").isNull()).isTrue();
        assertThat(j.get("reward_sd").isNumber()).isTrue();
        assertThat(j.get("per_sample").get(0).get("log_ratio").isNull()).isTrue();
    }

    @Test
    void badOptionsGetOneClearLine(@TempDir Path dir) throws Exception {
        CliTest.Run samples = run("eval", "--model", stories(), "--prompts", prompts(dir).toString(), "--reward",
                "length:40", "--samples", "0");
        assertThat(samples.exit()).isEqualTo(2);
        assertThat(samples.err()).contains("--samples must be >= 1");
        CliTest.Run reward = run("eval", "--model", stories(), "--prompts", prompts(dir).toString(), "--reward", "nonsense");
        assertThat(reward.exit()).isEqualTo(2);
        assertThat(reward.err()).contains("accepted forms");
    }
}
