package ai.sail.demo;

import ai.djl.Device;
import ai.sail.align.LearningRateSchedule;
import ai.sail.align.Method;
import ai.sail.align.TrainConfig;
import ai.sail.align.TrainingRun;
import ai.sail.data.ExampleTokenizer;
import ai.sail.data.PromptExample;
import ai.sail.data.TokenizationSettings;
import ai.sail.data.TokenizedPrompt;
import ai.sail.data.Truncation;
import ai.sail.eval.Baseline;
import ai.sail.eval.EvalResult;
import ai.sail.eval.EvalSettings;
import ai.sail.eval.Evaluator;
import ai.sail.eval.SamplingProgress;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.report.ComparisonReport;
import ai.sail.report.ConsoleTable;
import ai.sail.report.MetricNames;
import ai.sail.report.MetricsLog;
import ai.sail.report.ReportWriter;
import ai.sail.reward.RewardContext;
import ai.sail.reward.RewardSource;
import ai.sail.reward.RewardSources;
import ai.sail.text.Prompt;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code sail demo}: the base model (built in or the user's), the prompt split, the base model's
 * own evaluation, offline pairs sampled from it, then every method trained with the same updates,
 * prompts and seed and evaluated on held-out prompts, and the report. Each phase shows a progress bar.
 */
public final class DemoRun {
    static final String BASE_DIR = "base-model";
    static final String TRAIN_PROMPTS = "train-prompts.jsonl";
    static final String HELD_OUT_PROMPTS = "heldout-prompts.jsonl";
    static final String PAIRS = "offline-pairs.jsonl";
    private static final int MAX_PROMPT_TOKENS = 64;

    private DemoRun() {}

    /** The report and where the run put its files. */
    public record Outcome(Path outputDir, ComparisonReport report) {}

    public static Outcome run(DemoSettings s, PrintStream log) {
        long started = System.nanoTime();
        Path out = s.outputDir();
        Device device = Device.cpu();
        String baseSpec = s.model() != null ? s.model() : BaseModelCache.ensure(s, out.resolve(BASE_DIR), log);
        DemoData.Split split = DemoData.split(s);
        DemoData.writePrompts(split.train(), out.resolve(TRAIN_PROMPTS));
        DemoData.writePrompts(split.heldOut(), out.resolve(HELD_OUT_PROMPTS));
        DemoResults results = new DemoResults(s);
        for (Arm arm : s.arms()) { // each arm's values are checked before any model loads, their combination below
            arm.apply(TrainConfig.defaultConfig());
        }
        try (LanguageModel base = ModelLoader.load(baseSpec, device);
                RewardSource gold = RewardSources.parse(s.reward(), RewardContext.on(device))) {
            ExampleTokenizer tokenizer = new ExampleTokenizer(base.tokenizer(), new TokenizationSettings(true,
                    MAX_PROMPT_TOKENS, MAX_PROMPT_TOKENS + s.maxNewTokens(), Truncation.KEEP_END),
                    base.eosIds().get(0), base.config().bosId());
            List<TokenizedPrompt> train = tokenize(tokenizer, split.train(), "train");
            List<TokenizedPrompt> heldOut = tokenize(tokenizer, split.heldOut(), "held-out");
            List<TokenizedPrompt> curve = heldOut.subList(0, Math.min(s.curvePrompts(), heldOut.size()));

            EvalSettings finalSettings = new EvalSettings(s.evalSamples(), s.maxNewTokens(), 1f, 1f, 1001, 32);
            EvalSettings curveSettings = new EvalSettings(s.curveSamples(), s.maxNewTokens(), 1f, 1f, 2002, 32);
            Evaluator finalEvaluator = new Evaluator(gold, finalSettings);
            Evaluator curveEvaluator = new Evaluator(gold, curveSettings);
            log.println("demo: evaluating the base model on " + heldOut.size() + " held-out prompts");
            // The same settings draw the same samples, so the bars cost nothing but the drawing.
            Evaluator shown = new Evaluator(gold, finalSettings, SamplingProgress.bars(log));
            Baseline finalBaseline = shown.baseline(base, heldOut);
            Baseline curveBaseline = new Evaluator(gold, curveSettings, SamplingProgress.bars(log)).baseline(base, curve);
            EvalResult baseResult = shown.evaluate(base, base.decoder(), heldOut, finalBaseline);
            results.base(baseResult);
            DemoData.PairCounts counts = DemoData.writeOfflinePairs(base, train, split.train(), gold, s.maxNewTokens(),
                    s.pairSource(), 7, out.resolve(PAIRS), log);
            results.pairs(train.size() - counts.ties(), counts.ties(), counts.flipped());
            for (Arm arm : s.arms()) { // every arm's whole configuration, before the first one trains
                config(s, arm, baseSpec, out, out.resolve(arm.name()), 1);
            }

            for (int seed = 1; seed <= s.seeds(); seed++) {
                for (Arm arm : s.arms()) {
                    Path dir = out.resolve(arm.name()).resolve("seed-" + seed);
                    log.printf(Locale.ROOT, "demo: %s, seed %d of %d%n", arm.name(), seed, s.seeds());
                    CurveRecorder recorder = new CurveRecorder(curveEvaluator, curveBaseline, curve, finalEvaluator,
                            finalBaseline, heldOut, base.decoder(), s.evalEvery(), s.steps());
                    TrainingRun.start(config(s, arm, baseSpec, out, dir, seed), log, List.of(recorder));
                    results.add(arm, recorder, times(dir));
                }
            }
        }
        ComparisonReport report = results.report(machine(), (System.nanoTime() - started) / 1e9);
        ReportWriter.write(report, out);
        log.println();
        log.println(ConsoleTable.render(report));
        log.println("demo: report in " + out.resolve(ReportWriter.HTML_FILE) + ", table in " + out.resolve(ReportWriter.MARKDOWN_FILE));
        return new Outcome(out, report);
    }

    /**
     * The same updates, prompts, seed, learning rate and beta for every arm; only the method and the
     * arm's own options differ (applied last, so an arm may change beta or the learning rate).
     */
    static TrainConfig config(DemoSettings s, Arm arm, String baseSpec, Path out, Path dir, int seed) {
        Method method = arm.method();
        TrainConfig c = TrainConfig.defaultConfig()
                .withMethod(method)
                .withModel(baseSpec)
                .withReward(s.reward());
        // Online and iterative DPO make all their pairs from the training prompts; the others start from the offline pairs.
        boolean makesOwnPairs = method == Method.ONLINE_DPO || method.trainsInRounds();
        c = makesOwnPairs ? c.withPrompts(out.resolve(TRAIN_PROMPTS).toString()) : c.withData(out.resolve(PAIRS).toString());
        c = c.withMaxSteps(s.steps())
                .withBatchSize(s.batchSize())
                .withLearningRate(s.learningRate())
                .withLrSchedule(LearningRateSchedule.Decay.CONSTANT)
                .withBeta(s.beta())
                .withMaxNewTokens(s.maxNewTokens())
                .withMaxPromptLength(MAX_PROMPT_TOKENS)
                .withMaxLength(MAX_PROMPT_TOKENS + s.maxNewTokens())
                .withRounds(2)
                .withSamplesPerPrompt(4)
                .withSaveSteps(0)
                .withOverwrite(true) // each demo run replaces the method's previous run
                .withOutputDir(dir.toString())
                .withSeed(seed);
        try {
            c = arm.apply(c);
            c.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("arm " + arm.name() + ": " + e.getMessage(), e);
        }
        return c;
    }

    private static List<TokenizedPrompt> tokenize(ExampleTokenizer tokenizer, List<Prompt> prompts, String what) {
        List<PromptExample> examples = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            examples.add(new PromptExample(prompts.get(i), what + "[" + i + "]"));
        }
        return tokenizer.tokenizePrompts(examples).prompts();
    }

    /** Generation and update seconds summed over a run's metrics log. */
    static double[] times(Path runDir) {
        double generation = 0;
        double update = 0;
        for (Map<String, Object> row : MetricsLog.read(runDir.resolve("metrics.jsonl"))) {
            generation += ((Number) row.getOrDefault(MetricNames.TIME_GENERATION, 0.0)).doubleValue();
            update += ((Number) row.getOrDefault(MetricNames.TIME_UPDATE, 0.0)).doubleValue();
        }
        return new double[] {generation, update};
    }

    static String machine() {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, PyTorch 2.7.1 (CPU) through DJL",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
    }

}
