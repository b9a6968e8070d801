package ai.sail.align;

import ai.sail.generate.RolloutUnavailableException;
import ai.sail.io.GgmlType;
import ai.sail.generate.RolloutEngine;
import ai.sail.generate.RolloutSettings;
import ai.sail.generate.ManagedLlamaSync;
import ai.sail.generate.LlamaServerSettings;
import ai.djl.Device;
import ai.sail.data.ColumnMapping;
import ai.sail.data.DatasetReader;
import ai.sail.data.ExampleTokenizer;
import ai.sail.data.PairTokenization;
import ai.sail.data.PreferenceExample;
import ai.sail.data.PromptExample;
import ai.sail.data.PromptTokenization;
import ai.sail.data.ReadResult;
import ai.sail.data.TokenizationSettings;
import ai.sail.data.TokenizedPair;
import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.RemoteGenerator;
import ai.sail.http.RetryPolicy;
import ai.sail.model.Decoder;
import ai.sail.model.LanguageModel;
import ai.sail.model.LoraAdapters;
import ai.sail.model.ModelLoader;
import ai.sail.reward.RewardContext;
import ai.sail.reward.RewardSource;
import ai.sail.reward.RewardSources;
import ai.sail.tensor.TorchRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets up and runs one training run from a validated {@link TrainConfig}: loads the policy and the
 * reference, reads and tokenises the data, opens the reward source, restores a checkpoint when
 * resuming, and hands everything to the {@link Trainer}. Prints what it loaded, so a user sees
 * truncation and skipped rows before the first step.
 */
public final class TrainingRun {
    private TrainingRun() {}

    /** Runs training; returns the run directory. */
    public static Path start(TrainConfig config) {
        return start(config, System.err);
    }

    public static Path start(TrainConfig config, PrintStream log) {
        return start(config, log, java.util.List.of());
    }

    /** As {@link #start(TrainConfig, PrintStream)}, with observers of every step. */
    public static Path start(TrainConfig config, PrintStream log, java.util.List<TrainingListener> listeners) {
        config.validate();
        Path runDir = Path.of(config.outputDir());
        RunDirectory.prepare(runDir, config, log);
        Path resumeFrom = config.resume() == null ? null
                : config.resume().equals("latest") ? Checkpoints.latest(runDir) : Path.of(config.resume());
        if (resumeFrom != null) {
            Checkpoints.checkComplete(resumeFrom);
            RunDirectory.checkResume(resumeFrom, config);
        }
        Device device = config.device().toDevice();
        // Read the data before loading any model: a malformed row should cost seconds, not a model load.
        DatasetReader reader = new DatasetReader(
                config.columns() == null ? ColumnMapping.DEFAULT : ColumnMapping.parse(config.columns()),
                config.skipInvalid());
        ReadResult<PreferenceExample> pairRows = config.data() == null ? null : reader.preferences(Path.of(config.data()));
        ReadResult<PromptExample> promptRows = config.prompts() == null ? null : reader.prompts(Path.of(config.prompts()));
        try (LanguageModel policy = ModelLoader.load(config.model(), device,
                config.adapter() == null ? null : Path.of(config.adapter()), config.frozenDType())) {
            log.printf("policy     %s (%s, %,d parameters)%n", config.model(), policy.config().architecture().modelType(),
                    policy.config().parameterCount());
            config.loraSettings().ifPresent(s -> policy.decoder().weights().attach(LoraAdapters.initialise(
                    policy.config(), s, policy.decoder().manager(), config.seed())));
            policy.decoder().weights().adapters().ifPresent(a -> log.println(describe(a, config)));
            // With LoRA the reference is the base model with the adapters switched off: a view over the
            // same frozen arrays, not a second copy (TRL does the same with a PEFT model). It shares the
            // policy's manager, so the reference does not own it.
            ReferenceModel reference = config.refModel() != null ? referenceFrom(config.refModel(), device)
                    : config.usesLora() ? new ReferenceModel(policy.decoder().withoutAdapters(), false)
                    : new ReferenceModel(Checkpoints.frozenCopy(policy), true);
            try (reference; RewardSource reward = openReward(config, policy, reference, device)) {
                reference.enableCache();
                int eos = policy.eosIds().isEmpty() ? -1 : policy.eosIds().get(0);
                TokenizationSettings fitted = fitToContext(config.tokenization(), policy, log);
                noteSampleLength(config, fitted, policy, log);
                ExampleTokenizer tokenizer = new ExampleTokenizer(policy.tokenizer(), fitted, eos, policy.config().bosId());
                List<TokenizedPair> pairs = new ArrayList<>();
                List<TokenizedPrompt> prompts = new ArrayList<>();
                if (pairRows != null) {
                    log.println("data       " + pairRows.summary());
                    PairTokenization t = tokenizer.tokenizePairs(pairRows.examples());
                    log.println("           " + t.summary());
                    pairs.addAll(t.pairs());
                    if (config.method().trainsInRounds() && config.prompts() == null) {
                        t.pairs().forEach(p -> prompts.add(new TokenizedPrompt(p.prompt(), p.promptText(), p.origin())));
                    }
                }
                if (promptRows != null) {
                    log.println("prompts    " + promptRows.summary());
                    PromptTokenization t = tokenizer.tokenizePrompts(promptRows.examples());
                    prompts.addAll(t.prompts());
                }
                log.println("method     " + config.method().cliName() + ", " + config.routing()
                        + (reward == null ? "" : ", reward " + reward.describe()));
                writeConfig(runDir, config);
                TrainerState state = resumeFrom == null ? null : Checkpoints.readState(resumeFrom);
                RemoteGenerator rollouts = openRollouts(config, policy, runDir, log);
                Trainer trainer = new Trainer(config, policy, reference, pairs, prompts, reward, runDir, state, log, rollouts);
                try (trainer; rollouts) {
                    listeners.forEach(trainer::addListener);
                    if (resumeFrom != null) {
                        Checkpoints.restoreWeights(resumeFrom, policy, trainer.optimizer());
                        Decoder refreshed = Checkpoints.readReference(resumeFrom, policy);
                        if (refreshed != null) {
                            trainer.restoreReference(refreshed);
                        }
                        log.println("resumed    from " + resumeFrom + " at step " + state.step());
                    }
                    if (config.precomputeRefLogps() && !pairs.isEmpty()) {
                        ReferencePrecompute.run(reference, pairs, config.batchSize(), runDir, log);
                    }
                    trainer.run();
                }
                log.println("done       " + trainer.step() + " steps; metrics in " + runDir.resolve("metrics.jsonl")
                        + ", checkpoint in " + Checkpoints.directory(runDir, trainer.step()));
            }
        }
        return runDir;
    }

    private static String describe(LoraAdapters a, TrainConfig config) {
        long trainable = a.parameters().values().stream().mapToLong(x -> x.size()).sum();
        long total = a.config().parameterCount();
        return String.format(java.util.Locale.ROOT, "lora       %sr %d, alpha %s, dropout %s%s, targets %s: %,d trainable parameters"
                + " (%.3f%% of %,d)", config.adapter() == null ? "" : "from " + config.adapter() + ", ", a.settings().r(),
                a.settings().alpha(), a.settings().dropout(), a.settings().useRslora() ? ", rsLoRA" : "",
                String.join(",", a.settings().targetsFor(a.config().architecture())), trainable,
                100.0 * trainable / total, total);
    }

    /** Caps max-length (and max-prompt-length if needed) to the policy's context, saying so once. */
    private static TokenizationSettings fitToContext(TokenizationSettings asked, LanguageModel policy, PrintStream log) {
        int context = policy.config().maxPositions();
        TokenizationSettings fitted = asked.fittedTo(context);
        if (fitted != asked) {
            log.printf("note       max-length %d exceeds the model's context of %d tokens: using max-length %d,"
                    + " max-prompt-length %d%n", asked.maxLength(), context, fitted.maxLength(), fitted.maxPromptLength());
        }
        return fitted;
    }

    /** Online samples of long prompts are cut to what the context leaves; say so once. */
    private static void noteSampleLength(TrainConfig config, TokenizationSettings fitted, LanguageModel policy, PrintStream log) {
        int context = policy.config().maxPositions();
        if (config.method().samplesOnline() && fitted.maxPromptLength() + config.maxNewTokens() > context) {
            log.printf("note       max-prompt-length %d + max-new-tokens %d exceed the context of %d tokens: online"
                    + " responses to the longest prompts are cut to what the context leaves%n",
                    fitted.maxPromptLength(), config.maxNewTokens(), context);
        }
    }

    /**
     * Where online samples come from: a llama-server Sail manages and syncs ({@code rollout-engine-binary}),
     * the servers of {@code rollout-server}, which get no weights pushed (the log says so once and
     * {@code rollout/policy_lag} counts), or null to sample in process.
     */
    private static RemoteGenerator openRollouts(TrainConfig config, LanguageModel policy, Path runDir, PrintStream log) {
        if (config.rolloutEngineBinary() != null) {
            return openManagedLlama(config, policy, runDir, log);
        }
        if (config.rolloutServer() == null) {
            return null;
        }
        // Scoring the samples takes the rows of a micro-batch's sampled pairs at once, as the policy step does.
        RemoteGenerator rollouts = RemoteGenerator.forPolicy(config.rolloutSettings(), policy, 2 * config.batchSize(), log);
        log.println("note       Sail does not manage these rollout servers and pushes no weights to them:"
                + " after the first update the samples are off-policy by rollout/policy_lag updates");
        return rollouts;
    }

    /**
     * Starts llama-server on a GGUF of the initial policy, kept in the run directory's
     * {@code rollout-weights/} (removed when the run ends), and restarts it every sync-steps updates.
     */
    private static RemoteGenerator openManagedLlama(TrainConfig config, LanguageModel policy, Path runDir,
            PrintStream log) {
        LlamaServerSettings server = LlamaServerSettings.of(Path.of(config.rolloutEngineBinary()),
                Math.max(1, 2 * config.batchSize()), policy.config().maxPositions());
        ManagedLlamaSync sync;
        try {
            sync = ManagedLlamaSync.start(policy, server, runDir.resolve("rollout-weights"), GgmlType.F32);
        } catch (IOException e) {
            throw new RolloutUnavailableException("could not start llama-server (" + config.rolloutEngineBinary()
                    + ") on the initial policy: " + e.getMessage(), e);
        }
        RolloutSettings settings = RolloutSettings.parse(sync.server().baseUrl().toString(), RolloutEngine.LLAMA_CPP,
                config.rolloutTimeout(), config.rolloutRetries());
        RemoteGenerator rollouts;
        try {
            rollouts = RemoteGenerator.forPolicy(settings, policy, 2 * config.batchSize(), log);
        } catch (RuntimeException e) {
            sync.close();
            throw e;
        }
        rollouts.syncWith(sync, config.syncSteps());
        log.println("rollouts   " + sync + ", weights pushed every " + config.syncSteps() + " update(s)");
        return rollouts;
    }

    private static ReferenceModel referenceFrom(String spec, Device device) {
        LanguageModel ref = ModelLoader.load(spec, device);
        ref.tokenizer().close();
        return new ReferenceModel(ref.decoder(), true);
    }

    private static RewardSource openReward(TrainConfig config, LanguageModel policy, ReferenceModel reference, Device device) {
        if (config.reward() == null) {
            return null;
        }
        RewardContext ctx = RewardContext.on(device).withPolicy(policy.decoder(), reference::decoder, config.beta())
                .withBatchSize(config.batchSize())
                .withRemote(RetryPolicy.of(config.rewardTimeout(), config.rewardRetries()));
        return RewardSources.parse(config.reward(), ctx);
    }

    private static void writeConfig(Path runDir, TrainConfig config) {
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("config.yaml"), config.toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + runDir + ": " + e.getMessage(), e);
        }
    }
}
