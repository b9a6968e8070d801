package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.sail.Fixtures;
import ai.sail.data.DatasetReader;
import ai.sail.data.ExampleTokenizer;
import ai.sail.data.TokenizationSettings;
import ai.sail.data.TokenizedPair;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NaN loss stops the run with a diagnostic naming the step, the term and the examples, and changes no weight. */
class DivergenceTest {
    @TempDir
    Path dir;

    @Test
    void aNanLossStopsBeforeAnyWeightChanges() throws Exception {
        Path data = dir.resolve("pairs.jsonl");
        Files.writeString(data, "{\"prompt\": \"Once upon a time\", \"chosen\": \" a happy dog\", \"rejected\": \" a sad cat\"}\n");
        TrainConfig m = TrainConfig.defaultConfig()
                .withModel(Fixtures.require("models/stories260K/stories260K.gguf").toString())
                .withData(data.toString())
                .withBatchSize(1)
                .withMaxSteps(1)
                .withOutputDir(dir.resolve("run").toString());
        TrainConfig config = m;
        try (LanguageModel policy = ModelLoader.load(config.model(), Device.cpu());
                ReferenceModel reference = new ReferenceModel(Checkpoints.frozenCopy(policy), true)) {
            List<TokenizedPair> pairs = new ExampleTokenizer(policy.tokenizer(), TokenizationSettings.defaults(),
                    policy.eosIds().get(0), policy.config().bosId())
                    .tokenizePairs(DatasetReader.strict().preferences(data).examples()).pairs();
            NDArray embed = policy.decoder().weights().embedding();
            float[] values = embed.toFloatArray();
            int token = pairs.get(0).chosen()[0];
            values[token * policy.config().hiddenSize()] = Float.NaN; // poisons the chosen response only
            embed.set(values);
            Map<String, float[]> before = policy.decoder().weights().toFloatArrays();
            try (Trainer trainer = new Trainer(config, policy, reference, pairs, List.of(), null, dir.resolve("run"), null, System.err)) {
                assertThatThrownBy(trainer::run)
                        .isInstanceOf(TrainingDivergedException.class)
                        .hasMessageContaining("step 1")
                        .hasMessageContaining("no weight was changed")
                        .hasMessageContaining("preference = NaN for " + data + ":1 (OFFLINE)");
            }
            Map<String, float[]> after = policy.decoder().weights().toFloatArrays();
            before.forEach((name, v) -> assertThat(after.get(name)).as(name).containsExactly(v));
        }
    }
}
