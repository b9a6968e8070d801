package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.sail.Fixtures;
import ai.sail.model.LanguageModel;
import ai.sail.model.LoraCheckpoint;
import ai.sail.model.ModelLoader;
import ai.sail.report.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA DPO runs on tiny-random-gpt2 through {@link TrainingRun}: only the adapters train, and resume is exact. */
class LoraTrainingTest {
    @TempDir
    Path dir;

    Path pairs() throws Exception {
        Path file = dir.resolve("pairs.jsonl");
        Files.write(file, List.of(
                "{\"prompt\": \"The cat\", \"chosen\": \" sat on the mat.\", \"rejected\": \" ran away fast.\"}",
                "{\"prompt\": \"A dog\", \"chosen\": \" wagged its tail.\", \"rejected\": \" barked all night.\"}",
                "{\"prompt\": \"The sun\", \"chosen\": \" was warm and bright.\", \"rejected\": \" hid behind clouds.\"}",
                "{\"prompt\": \"We ate\", \"chosen\": \" a good lunch.\", \"rejected\": \" nothing at all.\"}"));
        return file;
    }

    TrainConfig run(Path out) throws Exception {
        return TrainConfig.defaultConfig()
                .withModel(Fixtures.require("models/tiny-random-gpt2").toString())
                .withData(pairs().toString())
                .withLoraR(4)
                .withLoraTargets("all-linear")
                .withLearningRate(1e-2)
                .withBatchSize(2)
                .withMaxSteps(3)
                .withSaveSteps(1)
                .withMaxLength(64)
                .withMaxPromptLength(16)
                .withOutputDir(out.toString())
                .withSeed(5L);
    }

    @Test
    void aLoraRunTrainsOnlyTheAdaptersAndResumesExactly() throws Exception {
        String model = Fixtures.require("models/tiny-random-gpt2").toString();
        Map<String, float[]> before;
        try (LanguageModel base = ModelLoader.load(model, Device.cpu())) {
            before = base.decoder().weights().toFloatArrays();
        }
        Path out = dir.resolve("run");
        List<Map<String, float[]>> frozen = new ArrayList<>();
        List<Map<String, float[]>> adapters = new ArrayList<>();
        TrainingRun.start(run(out), System.err, List.of((step, policy) -> {
            frozen.add(policy.decoder().weights().toFloatArrays());
            adapters.add(policy.decoder().weights().adapters().orElseThrow().toFloatArrays());
        }));
        assertThat(frozen).hasSize(4);
        Map<String, float[]> after = frozen.get(3);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, values) -> assertThat(after.get(name)).as(name).containsExactly(values));
        // Every adapter moved (B leaves zero; A follows once B is not zero).
        adapters.get(3).forEach((name, values) ->
                assertThat(values).as(name).isNotEqualTo(adapters.get(0).get(name)));
        assertThat(adapters.get(0).get("layers.0.qkv.c_attn.lora_B")).containsOnly(0f);

        Path checkpoint = out.resolve("checkpoint-3");
        assertThat(Files.isRegularFile(checkpoint.resolve(LoraCheckpoint.CONFIG))).isTrue();
        assertThat(Files.isRegularFile(checkpoint.resolve(LoraCheckpoint.WEIGHTS))).isTrue();
        assertThat(Files.exists(checkpoint.resolve("model.safetensors"))).isFalse();
        // The saved adapter is the trained one: loading it gives the policy's values.
        try (LanguageModel reloaded = ModelLoader.load(model, Device.cpu(), checkpoint)) {
            reloaded.decoder().weights().adapters().orElseThrow().toFloatArrays().forEach((name, values) ->
                    assertThat(values).as(name).containsExactly(adapters.get(3).get(name)));
        }

        List<Map<String, Object>> straight = MetricsLog.read(out.resolve("metrics.jsonl"));
        byte[] straightAdapter = Files.readAllBytes(checkpoint.resolve(LoraCheckpoint.WEIGHTS));
        byte[] straightMoments = Files.readAllBytes(checkpoint.resolve(Checkpoints.OPTIMIZER));
        TrainingRun.start(run(out).withResume(out.resolve("checkpoint-1").toString()), System.err);
        List<Map<String, Object>> resumed = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertThat(resumed).hasSize(3);
        for (int i = 1; i < 3; i++) {
            for (String key : straight.get(i).keySet()) {
                if (!key.startsWith("time/")) {
                    double x = ((Number) straight.get(i).get(key)).doubleValue();
                    assertThat(((Number) resumed.get(i).get(key)).doubleValue()).as("%s at step %d", key, i + 1)
                            .isCloseTo(x, Offset.offset(1e-6 + 1e-6 * Math.abs(x)));
                }
            }
        }
        assertThat(Files.readAllBytes(checkpoint.resolve(LoraCheckpoint.WEIGHTS))).isEqualTo(straightAdapter);
        assertThat(Files.readAllBytes(checkpoint.resolve(Checkpoints.OPTIMIZER))).isEqualTo(straightMoments);
    }
}
