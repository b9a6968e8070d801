package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.sail.Fixtures;
import ai.sail.data.DatasetReader;
import ai.sail.data.ExampleTokenizer;
import ai.sail.data.TokenizedPair;
import ai.sail.data.TokenizedPrompt;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.report.MetricsLog;
import ai.sail.reward.LexiconReward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Iterative DPO on stories260K: the reference numbers its pairs are trained against, and resume. */
class IterativeDpoTest {
    @TempDir
    Path dir;

    static String stories() {
        return Fixtures.require("models/stories260K/stories260K.gguf").toString();
    }

    /** Three prompts, so that a round of 16 draws repeats each of them several times. */
    Path threePrompts() throws Exception {
        Path file = dir.resolve("prompts.jsonl");
        Files.write(file, List.of("{\"prompt\": \"Lily went to the park.\"}", "{\"prompt\": \"Tom found a box.\"}",
                "{\"prompt\": \"The sun was up.\"}"));
        return file;
    }

    TrainConfig run(Path out) throws Exception {
        TrainConfig m = TrainConfig.defaultConfig()
                .withMethod(Method.ITERATIVE_DPO)
                .withModel(stories())
                .withPrompts(threePrompts().toString())
                .withReward("lexicon:sentiment")
                .withBatchSize(4)
                .withMaxSteps(4)
                .withRounds(1)
                .withSamplesPerPrompt(3)
                .withMaxNewTokens(12)
                .withLearningRate(1e-3)
                .withOutputDir(out.toString())
                .withSaveSteps(0)
                .withSeed(5L);
        return m;
    }

    @Test
    void everyCachedReferenceValueEqualsAFreshReferenceScoreOfThatExactPair() throws Exception {
        TrainConfig config = run(dir.resolve("cache"));
        try (LanguageModel policy = ModelLoader.load(config.model(), Device.cpu());
                ReferenceModel reference = new ReferenceModel(Checkpoints.frozenCopy(policy), true)) {
            reference.enableCache();
            ExampleTokenizer tokenizer = new ExampleTokenizer(policy.tokenizer(), config.tokenization(),
                    policy.eosIds().get(0), policy.config().bosId());
            List<TokenizedPrompt> prompts = tokenizer.tokenizePrompts(
                    DatasetReader.strict().prompts(Path.of(config.prompts())).examples()).prompts();
            List<TokenizedPair> pairs;
            try (Trainer trainer = new Trainer(config, policy, reference, List.of(), prompts,
                    LexiconReward.sentiment(), dir.resolve("cache"), null, System.err)) {
                trainer.run();
                pairs = trainer.roundPairs();
            }
            // 16 prompt draws over 3 prompts: the round's pairs repeat prompts with other responses.
            Set<String> distinctPrompts = new HashSet<>();
            pairs.forEach(p -> distinctPrompts.add(java.util.Arrays.toString(p.prompt())));
            assertThat(pairs.size()).isGreaterThan(distinctPrompts.size());

            ReferenceModel fresh = new ReferenceModel(reference.decoder(), false);
            Set<String> refFirstBySamePrompt = new HashSet<>();
            for (TokenizedPair p : pairs) {
                float[] cached = reference.cache().get(ReferenceModel.key(p.prompt(), p.chosen(), p.rejected()));
                assertThat(cached).as("pair from %s was scored under the reference", p.origin()).isNotNull();
                float[][] again = fresh.score(List.of(p.prompt()), List.of(p.chosen()), List.of(p.rejected()), List.of(false));
                assertThat(cached[0]).isCloseTo(again[0][0], Offset.offset(1e-5f));
                assertThat(cached[1]).isCloseTo(again[1][0], Offset.offset(1e-5f));
                refFirstBySamePrompt.add(java.util.Arrays.toString(p.prompt()) + "=" + again[0][0]);
            }
            // Pairs that share a prompt have different reference numbers: a key by prompt would be wrong.
            assertThat(refFirstBySamePrompt.size()).isGreaterThan(distinctPrompts.size());
        }
    }

    @Test
    void aResumedRunWithARefreshedReferenceAndTheImplicitRewardLogsTheSameMetrics() throws Exception {
        // A reference that differs from the policy, so the implicit reward separates responses in round 1.
        Path warm = dir.resolve("warm");
        TrainConfig dpo = run(warm)
                .withMethod(Method.ONLINE_DPO)
                .withMaxSteps(2)
                .withLearningRate(5e-3);
        TrainingRun.start(dpo, System.err);

        Path out = dir.resolve("refresh");
        TrainConfig cfg = run(out)
                .withRefModel(warm.resolve("checkpoint-2").toString())
                .withReward("implicit")
                .withRefreshReference(true)
                .withRounds(3)
                .withMaxSteps(6)
                .withSaveSteps(1);
        TrainingRun.start(cfg, System.err);
        List<Map<String, Object>> straight = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertThat(straight).hasSize(6);
        assertThat(out.resolve("checkpoint-2").resolve(Checkpoints.REFERENCE)).doesNotExist();
        assertThat(out.resolve("checkpoint-3").resolve(Checkpoints.REFERENCE)).exists();

        // Resume inside round 2 (after its refresh) and at the end of round 1.
        for (int from : new int[] {3, 2}) {
            cfg = cfg.withResume(out.resolve("checkpoint-" + from).toString());
            TrainingRun.start(cfg, System.err);
            List<Map<String, Object>> resumed = MetricsLog.read(out.resolve("metrics.jsonl"));
            assertThat(resumed).hasSize(6);
            SameMetrics.from(from, straight, resumed);
        }
    }
}
