package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --gradient-checkpointing} changes memory, not training: whole runs through
 * {@link TrainingRun} (DPO and SAIL-PR, full fine-tuning and LoRA) update the weights to the same
 * values with it as without it.
 */
class GradientCheckpointingTest {
    @TempDir
    Path dir;

    TrainConfig run(String method, int loraR, boolean checkpointing, Path out) throws Exception {
        Path file = dir.resolve("pairs.jsonl");
        Files.write(file, List.of(
                "{\"prompt\": \"The cat\", \"chosen\": \" sat on the mat.\", \"rejected\": \" ran away fast.\"}",
                "{\"prompt\": \"A dog\", \"chosen\": \" wagged its tail.\", \"rejected\": \" barked all night.\"}",
                "{\"prompt\": \"The sun\", \"chosen\": \" was warm and bright.\", \"rejected\": \" hid behind clouds.\"}",
                "{\"prompt\": \"We ate\", \"chosen\": \" a good lunch.\", \"rejected\": \" nothing at all.\"}"));
        TrainConfig c = TrainConfig.defaultConfig()
                .withMethod(Method.parse(method))
                .withModel(Fixtures.require("models/tiny-random-gpt2").toString())
                .withData(file.toString())
                .withReward("length:6")
                .withMaxNewTokens(6)
                .withLearningRate(1e-3)
                .withBatchSize(2)
                .withMaxSteps(2)
                .withSaveSteps(0)
                .withMaxLength(64)
                .withMaxPromptLength(16)
                .withOutputDir(out.toString())
                .withGradientCheckpointing(checkpointing)
                .withSeed(5L);
        return loraR > 0 ? c.withLoraR(loraR).withLoraTargets("all-linear") : c;
    }

    /** The trainable weights after each update. */
    List<Map<String, float[]>> train(TrainConfig config) {
        List<Map<String, float[]>> out = new ArrayList<>();
        TrainingRun.start(config, System.err, List.of((step, policy) -> out.add(policy.decoder().weights().adapters()
                .map(a -> a.toFloatArrays()).orElseGet(() -> policy.decoder().weights().toFloatArrays()))));
        return out;
    }

    @ParameterizedTest
    @CsvSource({"dpo, 0", "dpo, 4", "sail-pr, 0", "sail-pr, 4"})
    void updatesEqualThoseWithoutCheckpointing(String method, int loraR) throws Exception {
        List<Map<String, float[]>> whole = train(run(method, loraR, false, dir.resolve("whole")));
        List<Map<String, float[]>> checkpointed = train(run(method, loraR, true, dir.resolve("checkpointed")));
        assertThat(checkpointed).hasSameSizeAs(whole).hasSize(3);
        for (int step = 1; step < whole.size(); step++) {
            Map<String, float[]> expected = whole.get(step);
            Map<String, float[]> before = whole.get(step - 1);
            Map<String, float[]> actual = checkpointed.get(step);
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            boolean moved = false;
            for (String name : expected.keySet()) {
                float[] e = expected.get(name);
                float[] a = actual.get(name);
                for (int i = 0; i < e.length; i++) {
                    moved |= e[i] != before.get(name)[i];
                    // AdamW's first steps move each weight by about the learning rate whatever the
                    // gradient's size; 1e-6 of it is float noise, a wrong gradient moves it by ~1e-3.
                    assertThat(a[i]).as("%s %s step %d %s[%d]", method, loraR, step, name, i)
                            .isCloseTo(e[i], Offset.offset(2e-6f + 1e-6f * Math.abs(e[i])));
                }
            }
            assertThat(moved).as("step %d moved the weights", step).isTrue();
        }
    }
}
