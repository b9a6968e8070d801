package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.sail.Fixtures;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.report.MetricNames;
import ai.sail.report.MetricsLog;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Training runs on the real fixtures, end to end through {@link TrainingRun}. */
class TrainingTest {
    @TempDir
    Path dir;

    static String stories() {
        return Fixtures.require("models/stories260K/stories260K.gguf").toString();
    }

    /** Story openings with a happier and a sadder continuation. */
    Path storyPairs() throws Exception {
        String[][] rows = {
            {"Once upon a time, there was a little dog.", " He was happy and played with his friend.", " He was sad and cried alone."},
            {"Lily went to the park.", " She had fun and smiled.", " She fell and was hurt."},
            {"Tom found a box.", " Inside was a nice toy. He loved it.", " Inside was a bad bug. He was scared."},
            {"The sun was up.", " The birds sang a happy song.", " The sky was dark and angry."},
            {"Mom made a cake.", " It was yummy and everyone was glad.", " It burned and everyone was upset."},
            {"Sam had a red ball.", " He shared it with Amy and they laughed.", " He lost it and felt bad."},
        };
        Path file = dir.resolve("story-pairs.jsonl");
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            lines.add(String.format("{\"prompt\": \"%s\", \"chosen\": \"%s\", \"rejected\": \"%s\"}", r[0], r[1], r[2]));
        }
        Files.write(file, lines);
        return file;
    }

    TrainConfig storiesRun(Method method, Path out) throws Exception {
        TrainConfig m = TrainConfig.defaultConfig()
                .withMethod(method)
                .withModel(stories())
                .withData(storyPairs().toString())
                .withReward("lexicon:sentiment")
                .withBatchSize(8)
                .withMaxSteps(6)
                .withMaxNewTokens(16)
                .withLearningRate(1e-3)
                .withOutputDir(out.toString())
                .withSaveSteps(0)
                .withSeed(3L);
        return m;
    }

    @ParameterizedTest
    @CsvSource({"sail-pr, routes/pr, 0.6", "sail-pp, routes/pp, 0.3", "sail-dp, routes/dp, 0.2"}) // Sail's presets
    void sailVariantsRunWithFiniteMetricsAndRouteCountsMatchingTheProbabilities(String method, String route,
            double probability) throws Exception {
        Path out = dir.resolve(method);
        TrainingRun.start(storiesRun(Method.parse(method), out), System.err);
        List<Map<String, Object>> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertThat(rows).hasSize(6);
        double routed = 0;
        for (Map<String, Object> row : rows) {
            for (String key : List.of(MetricNames.LOSS, MetricNames.REWARDS_MARGINS, MetricNames.GRAD_NORM)) {
                if (row.get(key) != null) {
                    assertThat(((Number) row.get(key)).doubleValue()).as("%s at step %s", key, row.get("step")).isFinite();
                }
            }
            routed += ((Number) row.getOrDefault(route, 0)).doubleValue();
        }
        int examples = 6 * 8;
        double mean = examples * probability;
        double sd = Math.sqrt(examples * probability * (1 - probability));
        assertThat(routed).as("%s over %d examples", route, examples).isBetween(mean - 4 * sd, mean + 4 * sd);
        assertThat(Files.isDirectory(out.resolve("checkpoint-6"))).isTrue();
    }

    @Test
    void aSailPrRunWithABaselineKeepsTiedPairsForTheirSamplingTerm() throws Exception {
        // The sentiment lexicon scores most short story continuations alike: ties are common. Under a
        // baseline they stay in the micro-batch (reward 0, no preference term) and the run stays finite.
        Path out = dir.resolve("baseline");
        TrainConfig config = storiesRun(Method.SAIL_PR, out).withG(1.0).withSailBaseline(SailBaseline.LEAVE_ONE_OUT);
        TrainingRun.start(config, System.err);
        List<Map<String, Object>> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertThat(rows).hasSize(6);
        double ties = 0;
        for (Map<String, Object> row : rows) {
            for (String key : List.of(MetricNames.LOSS_TOTAL, MetricNames.LOSS_SAMPLE, MetricNames.GRAD_NORM)) {
                assertThat(((Number) row.get(key)).doubleValue()).as("%s at step %s", key, row.get("step")).isFinite();
            }
            ties += ((Number) row.getOrDefault(MetricNames.TIES_DROPPED, 0)).doubleValue();
        }
        assertThat(ties).as("tied pairs over the run").isPositive();
        // The same seed without a baseline draws the same first micro-batch and drops its ties: the first
        // step scores fewer tokens exactly when it had ties.
        Path plain = dir.resolve("plain");
        TrainingRun.start(storiesRun(Method.SAIL_PR, plain).withG(1.0).withSailBaseline(SailBaseline.NONE), System.err);
        Map<String, Object> first = rows.get(0);
        Map<String, Object> firstPlain = MetricsLog.read(plain.resolve("metrics.jsonl")).get(0);
        assertThat(first.get(MetricNames.TIES_DROPPED)).isEqualTo(firstPlain.get(MetricNames.TIES_DROPPED));
        assertThat(((Number) first.getOrDefault(MetricNames.TIES_DROPPED, 0)).doubleValue()).isPositive();
        assertThat(((Number) first.get(MetricNames.TOKENS)).doubleValue())
                .isGreaterThan(((Number) firstPlain.get(MetricNames.TOKENS)).doubleValue());
        assertThat(first.get(MetricNames.LOSS)).isEqualTo(firstPlain.get(MetricNames.LOSS));
    }

    @Test
    void aResumedRunLogsTheSameMetricsAsAnUninterruptedOne() throws Exception {
        Path out = dir.resolve("resume");
        TrainConfig cfg = storiesRun(Method.SAIL, out)
                .withR(0.3)
                .withP(0.3)
                .withG(0.3)
                .withMaxSteps(4)
                .withSaveSteps(2);
        TrainingRun.start(cfg, System.err);
        List<Map<String, Object>> straight = MetricsLog.read(out.resolve("metrics.jsonl"));
        cfg = cfg.withResume(out.resolve("checkpoint-2").toString());
        TrainingRun.start(cfg, System.err);
        List<Map<String, Object>> resumed = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertThat(resumed).hasSize(4);
        SameMetrics.from(2, straight, resumed);
    }

    @Test
    void aFewDpoStepsOnTheDemoPairsLowerTheLossOnThosePairs() throws Exception {
        Path gpt2 = Fixtures.require("models/tiny-random-gpt2");
        Path data = Fixtures.require("data/dpo_en_demo.json");
        Path out = dir.resolve("dpo");
        TrainConfig m = TrainConfig.defaultConfig()
                .withMethod(Method.DPO)
                .withModel(gpt2.toString())
                .withData(data.toString())
                .withMaxPromptLength(48)
                .withMaxLength(96)
                .withBatchSize(8)
                .withMaxSteps(8)
                .withLearningRate(3e-3)
                .withLrSchedule(LearningRateSchedule.Decay.CONSTANT)
                .withOutputDir(out.toString())
                .withSaveSteps(0);
        TrainConfig config = m;
        TrainingRun.start(config, System.err);
        List<Map<String, Object>> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        // Step 1 starts at policy = reference: h = 0, loss = log 2 exactly.
        assertThat(((Number) rows.get(0).get(MetricNames.LOSS)).doubleValue()).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-5));
        // The trained policy against the initial one, on the first 16 pairs of the file.
        try (LanguageModel initial = ModelLoader.load(gpt2.toString(), Device.cpu());
                LanguageModel trained = ModelLoader.load(out.resolve("checkpoint-8").toString(), Device.cpu())) {
            double before = PairLoss.meanDpoLoss(initial, initial, config, 16);
            double after = PairLoss.meanDpoLoss(trained, initial, config, 16);
            assertThat(before).isCloseTo(Math.log(2), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(after).isLessThan(before - 0.01);
        }
    }

    @Test
    void aDefaultDpoRunOnGpt2TrainsOnSequencesThatFillItsContext() throws Exception {
        // Defaults: max-length 512 = tiny-random-gpt2's n_positions; dpo_en_demo's long pairs reach it.
        Path out = dir.resolve("gpt2-default");
        TrainConfig m = TrainConfig.defaultConfig()
                .withModel(Fixtures.require("models/tiny-random-gpt2").toString())
                .withData(Fixtures.require("data/dpo_en_demo.json").toString())
                .withMaxSteps(2)
                .withOutputDir(out.toString());
        TrainingRun.start(m, System.err);
        List<Map<String, Object>> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertThat(rows).hasSize(2);
        assertThat(((Number) rows.get(1).get(MetricNames.LOSS)).doubleValue()).isFinite();
    }

    @Test
    void aMaxLengthBeyondTheContextIsCappedToItAndSaidOnce() throws Exception {
        Path out = dir.resolve("gpt2-capped");
        TrainConfig m = TrainConfig.defaultConfig()
                .withModel(Fixtures.require("models/tiny-random-gpt2").toString())
                .withData(Fixtures.require("data/dpo_en_demo.json").toString())
                .withMaxLength(2048)
                .withMaxPromptLength(1024)
                .withMaxSteps(1)
                .withOutputDir(out.toString());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        TrainingRun.start(m, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String log = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("max-length 2048 exceeds the model's context of 512 tokens: using max-length 512,"
                + " max-prompt-length 256");
        assertThat(log.split("exceeds the model's context", -1)).hasSize(2);
    }

    @Test
    void selfLabelledPairsReportAccuracyAgainstTheDatasetAndTheLossApartFromTheSurrogate() throws Exception {
        // A policy that moved away from its reference, so margins are not all zero.
        Path warm = dir.resolve("warm");
        TrainConfig dpo = storiesRun(Method.DPO, warm)
                .withMaxSteps(1)
                .withBatchSize(2)
                .withLearningRate(2e-4)
                .withLrSchedule(LearningRateSchedule.Decay.CONSTANT);
        TrainingRun.start(dpo, System.err);

        // SAIL-DP on every pair, one update at learning rate 0: the step sees warm vs the base model.
        Path out = dir.resolve("dp");
        TrainConfig m = storiesRun(Method.SAIL_DP, out)
                .withModel(warm.resolve("checkpoint-1").toString())
                .withRefModel(stories())
                .withR(1.0)
                .withBatchSize(6)
                .withMaxSteps(1)
                .withLearningRate(0.0);
        TrainConfig config = m;
        TrainingRun.start(config, System.err);
        Map<String, Object> row = MetricsLog.read(out.resolve("metrics.jsonl")).get(0);

        // Independently: the share of the six dataset pairs whose margin favours the dataset's chosen.
        double accuracy;
        try (LanguageModel policy = ModelLoader.load(warm.resolve("checkpoint-1").toString(), Device.cpu());
                LanguageModel reference = ModelLoader.load(stories(), Device.cpu())) {
            accuracy = PairLoss.datasetAccuracy(policy, reference, config, 6);
        }
        assertThat(((Number) row.get(MetricNames.REWARDS_ACCURACIES)).doubleValue())
                .isCloseTo(accuracy, org.assertj.core.data.Offset.offset(1e-9));
        // This seed swaps a label, so agreement with the policy's own labels is another number.
        assertThat(((Number) row.get(MetricNames.LABEL_SWAPS)).doubleValue()).isPositive();
        assertThat(((Number) row.get(MetricNames.LABEL_AGREEMENT)).doubleValue()).isNotCloseTo(accuracy,
                org.assertj.core.data.Offset.offset(1e-9));
        // loss is the preference loss alone; loss/total adds SAIL-DP's label term (nothing else here).
        double loss = ((Number) row.get(MetricNames.LOSS)).doubleValue();
        double label = ((Number) row.get(MetricNames.LOSS_LABEL)).doubleValue();
        double total = ((Number) row.get(MetricNames.LOSS_TOTAL)).doubleValue();
        assertThat(label).isNegative();
        assertThat(total).isCloseTo(loss + label, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void aRewardServerThatStaysDownEndsTheRunWithAClearError() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/get_reward", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        try {
            TrainConfig m = storiesRun(Method.ONLINE_DPO, dir.resolve("down"))
                    .withReward("http://127.0.0.1:" + server.getAddress().getPort() + "/get_reward")
                    .withMaxSteps(1);
            TrainConfig config = m;
            assertThatThrownBy(() -> TrainingRun.start(config, System.err))
                    .hasMessageContaining("127.0.0.1:" + server.getAddress().getPort())
                    .hasMessageContaining("503");
            assertThat(Files.exists(dir.resolve("down").resolve("checkpoint-1"))).isFalse();
        } finally {
            server.stop(0);
        }
    }
}
