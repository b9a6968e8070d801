package ai.sail.align;

import ai.djl.ndarray.NDArray;
import ai.sail.data.TokenizedPair;
import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.Generator;
import ai.sail.generate.ResponseGenerator;
import ai.sail.generate.SamplingSettings;
import ai.sail.model.Decoder;
import ai.sail.model.LanguageModel;
import ai.sail.report.MetricNames;
import ai.sail.report.MetricsLog;
import ai.sail.report.ProgressBar;
import ai.sail.reward.RewardSource;
import ai.sail.tensor.GradientNorm;
import ai.sail.tensor.Interruption;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flat training loop: for each update, set the learning rate, run the micro-batches (each a
 * {@link PolicyStep} over examples from the {@link ExampleSource}), check and clip the gradient, step
 * AdamW, log, and checkpoint.
 */
public final class Trainer implements AutoCloseable {
    private final TrainConfig config;
    private final LanguageModel policy;
    private final Path runDir;
    private final PrintStream log;
    private final LearningRateSchedule schedule;
    private final int totalSteps;
    private final PolicyStep policyStep;
    private final ExampleSource examples;
    private final AdamW optimizer;
    private final RandomStreams rng;
    private final ResponseGenerator rollouts;
    private int step;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /**
     * @param resume the checkpoint's state, or null for a new run
     * @param log where progress bars and messages go
     */
    public Trainer(TrainConfig config, LanguageModel policy, ReferenceModel reference, List<TokenizedPair> pairs,
            List<TokenizedPrompt> prompts, RewardSource reward, Path runDir, TrainerState resume, PrintStream log) {
        this(config, policy, reference, pairs, prompts, reward, runDir, resume, log, null);
    }

    /**
     * @param rollouts where online responses come from (serving engines); null for the policy in process.
     *     The caller owns it.
     */
    public Trainer(TrainConfig config, LanguageModel policy, ReferenceModel reference, List<TokenizedPair> pairs,
            List<TokenizedPrompt> prompts, RewardSource reward, Path runDir, TrainerState resume, PrintStream log,
            ResponseGenerator rollouts) {
        this.config = config;
        this.rollouts = rollouts != null ? rollouts
                : new Generator(policy.decoder(), ids -> policy.tokenizer().decode(ids, true));
        this.policy = policy;
        this.runDir = runDir;
        this.log = log;
        Routing routing = config.routing();
        this.rng = resume == null ? new RandomStreams(config.seed()) : RandomStreams.restore(resume.random());
        this.totalSteps = totalSteps(config, pairs.size(), prompts.size(), routing);
        this.schedule = new LearningRateSchedule(config.learningRate(), config.warmupSteps(), totalSteps, config.lrSchedule());
        GenerationSettings sampling = new GenerationSettings(config.maxNewTokens(),
                new SamplingSettings((float) config.temperature(), config.topK(), (float) config.topP()),
                new HashSet<>(policy.eosIds()), List.of(), config.seed())
                // A prompt of up to max-prompt-length leaves the rest of the context for the response.
                .withCapToContext(true);
        this.policyStep = new PolicyStep(policy.decoder(), reference, new PreferenceLoss(config.lossSettings()),
                routing, sampling, reward, policy.tokenizer(), config.gradientCheckpointing(), this.rollouts);
        this.examples = config.method().trainsInRounds()
                ? new IterativeRounds(new RoundSampler(this.rollouts, sampling, reward, config.samplesPerPrompt(),
                        config.pairing(), log), reference, policy, prompts, totalSteps, config.rounds(),
                        config.batchSize() * config.gradAccum(), config.refreshReference(), config.seed())
                : new RoutedExamples(pairs, prompts, routing, config.seed());
        this.optimizer = new AdamW(policy.decoder().manager(), config.adamBeta1(), config.adamBeta2(),
                config.adamEpsilon(), config.weightDecay());
        if (resume != null) {
            step = resume.step();
            examples.restore(resume.position());
            this.rollouts.policyUpdated(step);
        }
    }

    /** Updates to run: --max-steps, else epochs over the data (scaled by 1/(1-r-p-g) if asked). */
    static int totalSteps(TrainConfig c, int pairs, int prompts, Routing routing) {
        if (c.maxSteps() > 0) {
            return c.maxSteps();
        }
        double epochs = c.epochs();
        if (c.scaleEpochs() && routing.offline() > 0) {
            epochs /= routing.offline();
        }
        int n = pairs > 0 ? pairs : prompts;
        return (int) Math.max(1, Math.ceil(epochs * n / (c.batchSize() * (double) c.gradAccum())));
    }

    public int totalSteps() {
        return totalSteps;
    }

    public int step() {
        return step;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** Iterative DPO: the current round's pairs (empty for other methods). */
    List<TokenizedPair> roundPairs() {
        return examples instanceof IterativeRounds rounds ? rounds.roundPairs() : List.of();
    }

    /** Resuming a run whose reference was refreshed: the checkpoint's copy of it replaces the initial one. */
    void restoreReference(Decoder refreshed) {
        examples.restoreReference(refreshed);
    }

    /** Adds an observer called at step 0 and after every update. */
    public void addListener(TrainingListener listener) {
        listeners.add(listener);
    }

    /** Runs until {@link #totalSteps}, logging to {@code metrics.jsonl} and checkpointing. */
    public void run() {
        if (step == 0) {
            listeners.forEach(l -> l.afterStep(0, policy));
        }
        // With LoRA only the adapters train: the frozen weights get no gradient and no optimizer state.
        Map<String, NDArray> parameters = policy.decoder().weights().trainable();
        policy.decoder().weights().requireGradients(true);
        policy.decoder().weights().adapters().ifPresent(a -> a.training(true));
        StepMetrics metrics = new StepMetrics();
        ProgressBar bar = new ProgressBar("train " + config.method().cliName(), totalSteps, "steps", log);
        try (MetricsLog metricsLog = MetricsLog.open(runDir.resolve("metrics.jsonl"), step, log)) {
            while (step < totalSteps) {
                double sampledAhead = examples.beforeUpdate(step, rng, metrics);
                if (sampledAhead > 0) {
                    metrics.count(MetricNames.TIME_GENERATION, sampledAhead);
                }
                double lr = schedule.at(step);
                int trained = 0;
                for (int micro = 0; micro < config.gradAccum(); micro++) {
                    trained += policyStep.run(nextMicroBatch(), rng, 1f / config.gradAccum(), metrics, step + 1);
                }
                double norm = GradientNorm.clip(parameters.values(), config.maxGradNorm());
                if (!Double.isFinite(norm)) {
                    throw new TrainingDivergedException(DivergenceReport.forGradient(step + 1, norm));
                }
                if (trained > 0) {
                    optimizer.step(parameters, lr);
                } else {
                    GradientNorm.zero(parameters.values());
                }
                step++;
                rollouts.policyUpdated(step);
                int done = step;
                listeners.forEach(l -> l.afterStep(done, policy));
                metrics.add(MetricNames.GRAD_NORM, norm);
                metrics.add(MetricNames.LEARNING_RATE, lr);
                if (step % config.logSteps() == 0 || step == totalSteps) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put(MetricNames.STEP, step);
                    row.put(MetricNames.EPOCH, examples.epoch());
                    row.putAll(metrics.snapshotAndClear());
                    metricsLog.write(row);
                    Object loss = row.get(MetricNames.LOSS);
                    bar.suffix(loss instanceof Double d ? String.format(Locale.ROOT, "loss %.4f", d) : "");
                }
                bar.update(step);
                if ((config.saveSteps() > 0 && step % config.saveSteps() == 0) || step == totalSteps) {
                    Checkpoints.save(runDir, step, policy, optimizer,
                            TrainerState.of(step, examples.position(), rng.save()), config, examples.refreshedReference());
                }
            }
        } catch (Interruption.StoppedException e) {
            Path last = lastCheckpoint();
            throw new Interruption.StoppedException(e.signal(), " during step " + (step + 1) + " of " + totalSteps
                    + "; nothing was half-written. " + (last == null ? "No checkpoint was written yet."
                    : "The last checkpoint is " + last + ": continue with --resume latest (same options)."));
        } finally {
            policy.decoder().weights().requireGradients(false);
            policy.decoder().weights().adapters().ifPresent(a -> a.training(false));
        }
    }

    private Path lastCheckpoint() {
        try {
            return Checkpoints.latest(runDir);
        } catch (IllegalArgumentException | java.io.UncheckedIOException none) {
            return null;
        }
    }

    @Override
    public void close() {
        optimizer.close();
    }

    /** The next micro-batch of routed examples. */
    private List<Example> nextMicroBatch() {
        List<Example> batch = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
            batch.add(examples.next(rng));
        }
        return batch;
    }
}
