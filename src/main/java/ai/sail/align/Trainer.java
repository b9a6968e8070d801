package ai.sail.align;

import ai.djl.ndarray.NDArray;
import ai.sail.data.TokenizedPair;
import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.SamplingSettings;
import ai.sail.model.LanguageModel;
import ai.sail.report.MetricNames;
import ai.sail.report.MetricsLog;
import ai.sail.report.ProgressBar;
import ai.sail.reward.RewardSource;
import ai.sail.tensor.GradientNorm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flat training loop: for each update, set the learning rate, run the micro-batches (each a
 * {@link PolicyStep}), check and clip the gradient, step AdamW, log, and checkpoint. Iterative DPO
 * refills the pair stream with a freshly sampled round of pairs at each round boundary.
 */
public final class Trainer implements AutoCloseable {
    private final TrainConfig config;
    private final LanguageModel policy;
    private final ReferenceModel reference;
    private final RewardSource reward;
    private final Path runDir;
    private final Routing routing;
    private final Method method;
    private final LearningRateSchedule schedule;
    private final int totalSteps;
    private final PolicyStep policyStep;
    private final RoundSampler roundSampler;
    private final AdamW optimizer;
    private final RandomStreams rng;
    private final ExampleStream<TokenizedPrompt> promptStream;
    private ExampleStream<TokenizedPair> pairStream;
    private List<TokenizedPair> roundPairs = List.of();
    private int round = -1;
    /** Whether the reference is no longer the initial one (iterative DPO's refresh), so checkpoints keep it. */
    private boolean referenceRefreshed;
    private double roundSeconds;
    private int step;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public Trainer(TrainConfig config, LanguageModel policy, ReferenceModel reference, List<TokenizedPair> pairs,
            List<TokenizedPrompt> prompts, RewardSource reward, Path runDir, TrainerState resume) {
        this.config = config;
        this.policy = policy;
        this.reference = reference;
        this.reward = reward;
        this.runDir = runDir;
        this.method = config.methodKind();
        this.routing = config.routing();
        this.rng = resume == null ? new RandomStreams(config.seed()) : RandomStreams.restore(resume.random());
        this.promptStream = prompts.isEmpty() ? null : new ExampleStream<>(prompts, config.seed() + 1);
        this.pairStream = pairs.isEmpty() || method == Method.ITERATIVE_DPO ? null : new ExampleStream<>(pairs, config.seed());
        this.totalSteps = totalSteps(config, pairs.size(), prompts.size(), routing);
        this.schedule = new LearningRateSchedule(config.learningRate(), config.warmupSteps(), totalSteps,
                LearningRateSchedule.Decay.parse(config.lrSchedule(), "lr-schedule"));
        GenerationSettings sampling = new GenerationSettings(config.maxNewTokens(),
                new SamplingSettings((float) config.temperature(), config.topK(), (float) config.topP()),
                new HashSet<>(policy.eosIds()), List.of(), config.seed());
        this.policyStep = new PolicyStep(policy.decoder(), reference, new PreferenceLoss(config.lossSettings()),
                routing, sampling, reward, policy.tokenizer());
        this.roundSampler = method == Method.ITERATIVE_DPO
                ? new RoundSampler(policy, sampling, reward, config.samplesPerPrompt(), config.pairing().equals("random"))
                : null;
        this.optimizer = new AdamW(policy.decoder().manager(), config.adamBeta1(), config.adamBeta2(),
                config.adamEpsilon(), config.weightDecay());
        if (method == Method.ITERATIVE_DPO && promptStream == null && pairs.isEmpty()) {
            throw new IllegalArgumentException("iterative-dpo needs prompts (--prompts or --data)");
        }
        if (resume != null) {
            restore(resume, pairs);
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

    /** Iterative DPO: the current round's pairs (empty for other methods). */
    List<TokenizedPair> roundPairs() {
        return roundPairs;
    }

    public AdamW optimizer() {
        return optimizer;
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
        Map<String, NDArray> parameters = policy.decoder().weights().all();
        policy.decoder().weights().requireGradients(true);
        StepMetrics metrics = new StepMetrics();
        ProgressBar bar = new ProgressBar("train " + method.cliName(), totalSteps, "steps", System.err);
        try (MetricsLog log = MetricsLog.open(runDir.resolve("metrics.jsonl"), step)) {
            while (step < totalSteps) {
                startRoundIfDue();
                double lr = schedule.at(step);
                if (roundSeconds > 0) {
                    metrics.count(MetricNames.TIME_GENERATION, roundSeconds);
                    roundSeconds = 0;
                }
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
                int done = step;
                listeners.forEach(l -> l.afterStep(done, policy));
                metrics.add(MetricNames.GRAD_NORM, norm);
                metrics.add(MetricNames.LEARNING_RATE, lr);
                if (step % config.logSteps() == 0 || step == totalSteps) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put(MetricNames.STEP, step);
                    row.put(MetricNames.EPOCH, epoch());
                    row.putAll(metrics.snapshotAndClear());
                    log.write(row);
                    Object loss = row.get(MetricNames.LOSS);
                    bar.suffix(loss instanceof Double d ? String.format(java.util.Locale.ROOT, "loss %.4f", d) : "");
                }
                bar.update(step);
                if ((config.saveSteps() > 0 && step % config.saveSteps() == 0) || step == totalSteps) {
                    Checkpoints.save(runDir, step, policy, optimizer, state(), config,
                            referenceRefreshed ? reference.decoder() : null);
                }
            }
        } finally {
            policy.decoder().weights().requireGradients(false);
        }
    }

    @Override
    public void close() {
        optimizer.close();
    }

    private double epoch() {
        if (pairStream != null && method != Method.ITERATIVE_DPO) {
            return pairStream.progress();
        }
        return promptStream != null ? promptStream.progress() : round + 1;
    }

    /** The next micro-batch, each example routed by the routing stream. */
    private List<Example> nextMicroBatch() {
        List<Example> batch = new ArrayList<>(config.batchSize());
        for (int i = 0; i < config.batchSize(); i++) {
            batch.add(nextExample());
        }
        return batch;
    }

    private Example nextExample() {
        if (pairStream == null) {
            // Prompts only: every example online, PP or PR in proportion to p and g.
            TokenizedPrompt p = promptStream.next();
            double u = rng.routing.nextDouble() * (routing.p() + routing.g());
            Route route = u < routing.p() ? Route.PP : Route.PR;
            return new Example(route, null, p.prompt(), p.promptText(), p.origin());
        }
        TokenizedPair pair = pairStream.next();
        Route route = method == Method.ITERATIVE_DPO ? Route.OFFLINE : drawRoute();
        if (route.sampled() && promptStream != null) {
            TokenizedPrompt p = promptStream.next();
            return new Example(route, pair, p.prompt(), p.promptText(), p.origin());
        }
        return new Example(route, pair, pair.prompt(), pair.promptText(), pair.origin());
    }

    private Route drawRoute() {
        double u = rng.routing.nextDouble();
        if (u < routing.r()) {
            return Route.DP;
        }
        if (u < routing.r() + routing.p()) {
            return Route.PP;
        }
        if (u < routing.r() + routing.p() + routing.g()) {
            return Route.PR;
        }
        return Route.OFFLINE;
    }

    /** Iterative DPO: at each round boundary, sample, score and pair a new round of prompts. */
    private void startRoundIfDue() {
        if (roundSampler == null) {
            return;
        }
        int stepsPerRound = Math.max(1, (int) Math.ceil((double) totalSteps / config.rounds()));
        int due = step / stepsPerRound;
        if (due == round && pairStream != null) {
            return;
        }
        round = due;
        int needed = stepsPerRound * config.batchSize() * config.gradAccum();
        List<TokenizedPrompt> prompts = new ArrayList<>();
        for (int i = 0; i < needed; i++) {
            prompts.add(promptStream.next());
        }
        long t0 = System.nanoTime();
        // Label first, then refresh: an implicit reward must compare the policy with the reference it
        // was trained against (right after a refresh the two are equal and every pair would tie).
        roundPairs = roundSampler.pairs(prompts, rng, round);
        roundSeconds += (System.nanoTime() - t0) / 1e9;
        if (round > 0 && config.refreshReference()) {
            reference.replace(Checkpoints.frozenCopy(policy));
            referenceRefreshed = true;
        }
        pairStream = new ExampleStream<>(roundPairs, config.seed() + 7919L * (round + 1));
    }

    private TrainerState state() {
        return new TrainerState(step,
                pairStream == null ? 0 : pairStream.epoch(), pairStream == null ? 0 : pairStream.index(),
                promptStream == null ? 0 : promptStream.epoch(), promptStream == null ? 0 : promptStream.index(),
                rng.save(), round, roundPairs);
    }

    /** Resuming a run whose reference was refreshed: the checkpoint's copy of it replaces the initial one. */
    void restoreReference(ai.sail.model.Decoder refreshed) {
        reference.replace(refreshed);
        referenceRefreshed = true;
    }

    private void restore(TrainerState s, List<TokenizedPair> pairs) {
        step = s.step();
        if (promptStream != null) {
            promptStream.seek(s.promptEpoch(), s.promptIndex());
        }
        if (method == Method.ITERATIVE_DPO) {
            round = s.round();
            roundPairs = s.roundPairs();
            if (!roundPairs.isEmpty()) {
                pairStream = new ExampleStream<>(roundPairs, config.seed() + 7919L * (round + 1));
                pairStream.seek(s.pairEpoch(), s.pairIndex());
            }
        } else if (pairStream != null) {
            pairStream.seek(s.pairEpoch(), s.pairIndex());
        }
    }

}
