package ai.sail.align;

import ai.sail.config.Choice;
import ai.sail.data.ChatTemplateUse;
import ai.sail.data.TokenizationSettings;
import ai.sail.data.Truncation;
import ai.sail.generate.RolloutEngine;
import ai.sail.generate.RolloutSettings;
import ai.sail.tensor.DeviceSpec;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything {@code sail train} needs, filled from defaults, then a YAML file, then command-line
 * flags (each later source wins), and validated as a whole before any model loads. Field names are
 * the YAML keys and the flags ({@code --learning-rate}); {@link Help} documents each one.
 */
public record TrainConfig(
        @JsonProperty("method") @Default("dpo") @Help(value = "dpo, ipo, hinge, robust, online-dpo, iterative-dpo, sail-pr, sail-pp, sail-dp or sail", group = "method") Method method,
        @JsonProperty("model") @Help(value = "policy to train: HF directory, .gguf file or cached Org/Name", group = "method") String model,
        @JsonProperty("ref-model") @Help(value = "reference model (default: a frozen copy of the initial policy; with LoRA, the base model with the adapters switched off)", group = "method") String refModel,
        @JsonProperty("lora-r") @Default("0") @Help(value = "LoRA rank: train adapters on the frozen model (0 = full fine-tuning)", group = "lora") int loraR,
        @JsonProperty("lora-alpha") @Default("16") @Help(value = "LoRA alpha: the adapters' product is scaled by alpha / r", group = "lora") double loraAlpha,
        @JsonProperty("lora-dropout") @Default("0.0") @Help(value = "dropout on the adapters' input, in training only", group = "lora") double loraDropout,
        @JsonProperty("lora-targets") @Help(value = "PEFT module names to adapt, comma-separated (q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj; GPT-2: c_attn,c_proj,c_fc), or all-linear (default: PEFT's for the architecture, q_proj,v_proj or c_attn)", group = "lora") String loraTargets,
        @JsonProperty("use-rslora") @Default("false") @Help(value = "rank-stabilised LoRA: scale by alpha / sqrt(r)", group = "lora") boolean useRslora,
        @JsonProperty("adapter") @Help(value = "start from this LoRA adapter (PEFT layout) and train it; its adapter_config.json sets rank, alpha and targets", group = "lora") String adapter,
        @JsonProperty("frozen-dtype") @Default("fp32") @Help(value = "with LoRA: hold the frozen matrices and token embedding in fp32, f16, bf16 or auto (the checkpoint's own 16-bit type), widened to float32 per use; adapters and optimizer state stay float32", group = "lora") ai.sail.model.FrozenDType frozenDType,
        @JsonProperty("data") @Help(value = "preference pairs (JSON or JSON Lines)", group = "data") String data,
        @JsonProperty("prompts") @Help(value = "prompt-only data for the online routes (default: the prompts of --data)", group = "data") String prompts,
        @JsonProperty("reward") @Help(value = "reward source: lexicon:sentiment, length:N, regex:PATTERN, keywords:a,b, http(s)://host:port/path[,more servers], class:com.example.MyReward, implicit, or a reward-model path", group = "method") String reward,
        @JsonProperty("reward-timeout") @Default("30") @Help(value = "seconds one request to a reward server may take, connecting included", group = "method") double rewardTimeout,
        @JsonProperty("reward-retries") @Default("3") @Help(value = "further attempts after a failed reward-server request (backoff 0.5 s, doubling)", group = "method") int rewardRetries,
        @JsonProperty("columns") @Help(value = "column mapping, e.g. prompt=question,chosen=response_j,rejected=response_k", group = "data") String columns,
        @JsonProperty("skip-invalid") @Default("false") @Help(value = "skip (and count) malformed rows instead of stopping", group = "data") boolean skipInvalid,
        @JsonProperty("chat-template") @Default("auto") @Help(value = "auto (use the model's chat template when it has one) or none", group = "data") ChatTemplateUse chatTemplate,
        @JsonProperty("max-prompt-length") @Default("256") @Help(value = "prompt tokens kept at most", group = "data") int maxPromptLength,
        @JsonProperty("max-length") @Default("512") @Help(value = "prompt + response tokens kept at most (capped to the model's context)", group = "data") int maxLength,
        @JsonProperty("truncation") @Default("keep-end") @Help(value = "which part of a long prompt survives: keep-end or keep-start", group = "data") Truncation truncation,

        @JsonProperty("beta") @Default("0.1") @Help(value = "KL strength / implicit reward scale", group = "loss") double beta,
        @JsonProperty("loss") @Help(value = "sigmoid, ipo (on per-token average log-probabilities, as TRL), hinge or robust (default: the method's)", group = "loss") LossType loss,
        @JsonProperty("label-smoothing") @Default("0.0") @Help(value = "eps of the sigmoid (cDPO) and robust losses", group = "loss") double labelSmoothing,
        @JsonProperty("nll-coef") @Default("0.0") @Help(value = "weight of a per-token NLL term on the chosen response (0 = off)", group = "loss") double nllCoef,
        @JsonProperty("sail-form") @Default("exact") @Help(value = "exact (the derivation) or reference-code (the authors' implementation; its hook is not divided by grad-accum)", group = "loss") SailForm sailForm,
        @JsonProperty("sail-preset") @Default("sail") @Help(value = "defaults of the SAIL variants' shares, coefficients and baseline: sail (chosen by Sail's comparisons, see README) or authors (the paper's example values, no baseline)", group = "loss") SailPreset sailPreset,
        @JsonProperty("sail-baseline") @Help(value = "baseline of the exact form's sampling term: none, batch-mean (biased: shrinks the sampling part by 1-1/n for n sampled pairs), pair or leave-one-out (unbiased); with a baseline, tied PR pairs stay in the batch with reward 0 (default: the preset's)", group = "loss") SailBaseline sailBaseline,
        @JsonProperty("sail-length-norm") @Help(value = "divide each sampled response's score term logp(y) by its token count (exact form; no longer the plain score function; default: the preset's)", group = "loss") Boolean sailLengthNorm,
        @JsonProperty("r") @Help(value = "share of examples on the SAIL-DP route (default: the method's)", group = "loss") Double r,
        @JsonProperty("p") @Help(value = "share of examples on the SAIL-PP route (default: the method's)", group = "loss") Double p,
        @JsonProperty("g") @Help(value = "share of examples on the SAIL-PR route (default: the method's)", group = "loss") Double g,
        @JsonProperty("rho") @Help(value = "coefficient of SAIL-DP's label term (default: the method's)", group = "loss") Double rho,
        @JsonProperty("pi-coef") @Help(value = "coefficient of SAIL-PP's label and sampling terms (default: the method's)", group = "loss") Double piCoef,
        @JsonProperty("gamma") @Help(value = "coefficient of SAIL-PR's sampling term (default: the method's)", group = "loss") Double gamma,
        @JsonProperty("scale-epochs") @Default("false") @Help(value = "scale epochs by 1/(1-r-p-g) so the offline data seen stays the same", group = "loss") boolean scaleEpochs,

        @JsonProperty("max-new-tokens") @Default("64") @Help(value = "tokens per sampled response", group = "generation") int maxNewTokens,
        @JsonProperty("temperature") @Default("0.9") @Help(value = "sampling temperature of online responses", group = "generation") double temperature,
        @JsonProperty("top-k") @Default("0") @Help(value = "top-k of online sampling (0 = off)", group = "generation") int topK,
        @JsonProperty("top-p") @Default("1.0") @Help(value = "top-p of online sampling (1 = off)", group = "generation") double topP,
        @JsonProperty("rounds") @Default("2") @Help(value = "iterative DPO: rounds of sample / score / train", group = "generation") int rounds,
        @JsonProperty("samples-per-prompt") @Default("4") @Help(value = "iterative DPO: responses sampled per prompt", group = "generation") int samplesPerPrompt,
        @JsonProperty("pairing") @Default("best-worst") @Help(value = "iterative DPO: best-worst or random", group = "generation") Pairing pairing,
        @JsonProperty("refresh-reference") @Default("false") @Help(value = "iterative DPO: the reference becomes the policy at each round", group = "generation") boolean refreshReference,
        @JsonProperty("rollout-server") @Help(value = "sample the online responses on serving engines instead of in process: OpenAI-compatible base URLs (http://host:port), comma-separated, sharing each batch; Sail scores every sample with the policy", group = "generation") String rolloutServer,
        @JsonProperty("rollout-engine") @Default("auto") @Help(value = "request dialect of the rollout servers: auto (ask each server), llama.cpp, vllm, sglang or openai", group = "generation") RolloutEngine rolloutEngine,
        @JsonProperty("rollout-timeout") @Default("300") @Help(value = "seconds one request to a rollout server may take, connecting included", group = "generation") double rolloutTimeout,
        @JsonProperty("rollout-retries") @Default("3") @Help(value = "further attempts after a failed rollout-server request (backoff 0.5 s, doubling); then the run stops naming the server", group = "generation") int rolloutRetries,
        @JsonProperty("rollout-engine-binary") @Help(value = "path of llama-server: with rollout-engine llama.cpp and no rollout-server, Sail starts it on a GGUF of the policy and restarts it at each sync", group = "generation") String rolloutEngineBinary,
        @JsonProperty("sync-steps") @Default("1") @Help(value = "push the policy's weights to the rollout engine every this many updates", group = "generation") int syncSteps,
        @JsonProperty("max-policy-lag") @Default("0") @Help(value = "updates the served weights may lag behind the policy; sync-steps N needs at least N - 1 (refused at startup otherwise)", group = "generation") int maxPolicyLag,

        @JsonProperty("learning-rate") @Default("1.0e-6") @Help("peak learning rate") double learningRate,
        @JsonProperty("lr-schedule") @Default("linear") @Help("constant, linear or cosine decay after warm-up") LearningRateSchedule.Decay lrSchedule,
        @JsonProperty("warmup-steps") @Default("0") @Help("linear warm-up updates") int warmupSteps,
        @JsonProperty("weight-decay") @Default("0.0") @Help("AdamW decoupled weight decay") double weightDecay,
        @JsonProperty("adam-beta1") @Default("0.9") @Help("AdamW beta1") double adamBeta1,
        @JsonProperty("adam-beta2") @Default("0.999") @Help("AdamW beta2") double adamBeta2,
        @JsonProperty("adam-epsilon") @Default("1.0e-8") @Help("AdamW epsilon") double adamEpsilon,
        @JsonProperty("max-grad-norm") @Default("1.0") @Help("global gradient-norm clip (0 = off)") double maxGradNorm,
        @JsonProperty("batch-size") @Default("8") @Help("pairs (or prompts) per micro-batch") int batchSize,
        @JsonProperty("grad-accum") @Default("1") @Help("micro-batches per update") int gradAccum,
        @JsonProperty("gradient-checkpointing") @Default("false") @Help("keep only each block's input and recompute the block in the backward pass: less memory, one more forward of the blocks") boolean gradientCheckpointing,
        @JsonProperty("max-steps") @Default("0") @Help("updates to run; 0 = derive from --epochs") int maxSteps,
        @JsonProperty("epochs") @Default("1.0") @Help("passes over the data when --max-steps is 0") double epochs,
        @JsonProperty("seed") @Default("42") @Help("seeds data order, routing, labelling and sampling") long seed,
        @JsonProperty("precompute-ref-logps") @Default("false") @Help("compute the reference's log-probabilities of the offline pairs once, cached with the run") boolean precomputeRefLogps,

        @JsonProperty("output-dir") @Default("runs/train") @Help(value = "run directory: metrics.jsonl, checkpoints, config", group = "output") String outputDir,
        @JsonProperty("save-steps") @Default("500") @Help(value = "checkpoint every N updates (0 = only at the end)", group = "output") int saveSteps,
        @JsonProperty("log-steps") @Default("1") @Help(value = "log metrics every N updates", group = "output") int logSteps,
        @JsonProperty("resume") @Help(value = "continue from a checkpoint directory, or 'latest' in --output-dir", group = "output") String resume,
        @JsonProperty("overwrite") @Default("false") @Help(value = "start a new run in an output-dir that holds another run, deleting its checkpoints and metrics", group = "output") boolean overwrite,
        @JsonProperty("allow-config-change") @Help(value = "keys that may differ from the checkpoint's configuration on --resume (comma-separated; max-steps, save-steps, log-steps, device, threads and gradient-checkpointing always may)", group = "output") String allowConfigChange,
        @JsonProperty("device") @Default("cpu") @Help(value = "cpu or cuda:N", group = "output") DeviceSpec device,
        @JsonProperty("threads") @Default("0") @Help(value = "libtorch threads (0 = auto: one per core, fewer while other processes keep cores busy)", group = "output") int threads) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(ConfigValues.module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(ConfigValues.module());

    /** Defaults, by key, as written beside each field ({@link Default}); fields without one are absent. */
    public static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        for (RecordComponent c : fields()) {
            Default value = c.getAccessor().getAnnotation(Default.class);
            if (value != null) {
                d.put(key(c), value.value());
            }
        }
        return d;
    }

    /**
     * Every default, nothing else: not a valid configuration until a model and data are set with the
     * {@code with…} copies (checked by {@link #validate()} when a run starts).
     */
    public static TrainConfig defaultConfig() {
        return convert(defaults());
    }

    /** Every key, in declaration order, with its documentation. */
    public static List<RecordComponent> fields() {
        return Arrays.asList(TrainConfig.class.getRecordComponents());
    }

    public static String key(RecordComponent c) {
        return c.getAccessor().getAnnotation(JsonProperty.class).value();
    }

    /** Reads a YAML (or JSON) configuration file into a key-value map, keys checked later. */
    public static Map<String, Object> readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config: " + (Files.isDirectory(file) ? "'" + file + "' is a directory"
                    : "no such file '" + file + "'") + "; expected a YAML file of training options");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = YAML.readValue(Files.readAllBytes(file), LinkedHashMap.class);
            return m == null ? new LinkedHashMap<>() : m;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a valid YAML mapping: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Defaults, overlaid by each map in turn; the result is validated. */
    @SafeVarargs
    public static TrainConfig from(Map<String, Object>... layers) {
        Map<String, Object> merged = defaults();
        for (Map<String, Object> layer : layers) {
            merged.putAll(layer);
        }
        TrainConfig config = convert(merged);
        config.validate();
        return config;
    }

    private static TrainConfig convert(Map<String, Object> values) {
        try {
            return MAPPER.convertValue(values, TrainConfig.class);
        } catch (IllegalArgumentException e) {
            // Jackson's own message only restates ours with its internals; keep it for --debug, not as the cause.
            IllegalArgumentException clear = new IllegalArgumentException(describe(e.getCause()));
            clear.addSuppressed(e);
            throw clear;
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof JsonMappingException j && j.getCause() instanceof IllegalArgumentException bad) {
            return "configuration key " + bad.getMessage(); // a Choice or device: names the allowed values
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return "unknown configuration key '" + u.getPropertyName() + "'; known keys: "
                    + fields().stream().map(TrainConfig::key).collect(Collectors.joining(", "));
        }
        if (cause instanceof InvalidFormatException f && !f.getPath().isEmpty()) {
            return "configuration key '" + f.getPath().get(0).getFieldName() + "': '" + f.getValue()
                    + "' is not a " + f.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return "configuration key '" + m.getPath().get(0).getFieldName() + "': expected a "
                    + m.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }
        return "invalid configuration: " + (cause == null ? "?" : cause.getMessage());
    }

    /** The loss: as given, else the method's. */
    public LossType lossType() {
        return loss == null ? method.defaultLoss() : loss;
    }

    /** How the run's prompts and responses are tokenised and truncated. */
    public TokenizationSettings tokenization() {
        return new TokenizationSettings(chatTemplate == ChatTemplateUse.AUTO, maxPromptLength, maxLength, truncation);
    }

    public LossSettings lossSettings() {
        return new LossSettings(beta, lossType(), labelSmoothing, nllCoef, sailForm, resolvedSailBaseline(), resolvedSailLengthNorm());
    }

    /** Whether the sampling term is per token: as given, else the preset's for the exact form. */
    public boolean resolvedSailLengthNorm() {
        if (sailLengthNorm != null) {
            return sailLengthNorm;
        }
        return sailForm == SailForm.EXACT && sailPreset.lengthNorm(method);
    }

    /** The sampling term's baseline: as given, else the preset's for the exact form (the authors' hook has none). */
    public SailBaseline resolvedSailBaseline() {
        if (sailBaseline != null) {
            return sailBaseline;
        }
        return sailForm == SailForm.EXACT ? sailPreset.baseline(method) : SailBaseline.NONE;
    }

    /** The rollout servers and how to talk to them; only when {@code rollout-server} is set. */
    public RolloutSettings rolloutSettings() {
        try {
            return RolloutSettings.parse(rolloutServer, rolloutEngine, rolloutTimeout, rolloutRetries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rollout-server: " + e.getMessage().replace("--rollout-", "rollout-"), e);
        }
    }

    /** Route probabilities and coefficients after the method's defaults. */
    public Routing routing() {
        return Routing.of(method, sailPreset.routing(method, data != null), data != null, r, p, g, rho, piCoef, gamma);
    }

    /**
     * New adapters' settings when {@code lora-r} > 0; empty for full fine-tuning or when training an
     * existing {@code adapter} (whose own configuration then applies).
     */
    public java.util.Optional<ai.sail.model.LoraSettings> loraSettings() {
        return loraR == 0 ? java.util.Optional.empty() : java.util.Optional.of(new ai.sail.model.LoraSettings(
                loraR, loraAlpha, loraDropout, ai.sail.model.LoraSettings.parseTargets(loraTargets), useRslora));
    }

    /** Whether the run trains LoRA adapters (new ones, or the given {@code adapter}) instead of the model. */
    public boolean usesLora() {
        return loraR > 0 || adapter != null;
    }

    /** Checks every field and their combinations; the message names the field and what is allowed. */
    public void validate() {
        Method m = method;
        require(m != null, "method", "is required; allowed: " + Choice.allowed(Method.class));
        require(model != null && !model.isBlank(), "model", "is required (a model directory, .gguf file or Org/Name)");
        require(data != null || prompts != null, "data", "is required (or --prompts for online methods)");
        require(!m.needsPairs() || data != null, "data", "is required for method " + m.cliName() + " (preference pairs)");
        existing("data", data);
        existing("prompts", prompts);
        require(maxPromptLength >= 1, "max-prompt-length", "must be >= 1");
        require(maxLength > maxPromptLength, "max-length", "must be greater than max-prompt-length (" + maxPromptLength + ")");
        require(sailForm == SailForm.EXACT || resolvedSailBaseline() == SailBaseline.NONE, "sail-baseline",
                resolvedSailBaseline().cliName() + " applies to sail-form exact only, not " + sailForm.cliName()
                        + " (the authors' hook is kept as they wrote it); use sail-baseline none or sail-form exact");
        require(sailForm == SailForm.EXACT || !resolvedSailLengthNorm(), "sail-length-norm",
                "applies to sail-form exact only, not " + sailForm.cliName()
                        + " (the authors' hook sg(l/logp) logp is unchanged by dividing logp by a length)");
        lossSettings();
        Routing routing = routing();
        boolean needsReward = routing.g() > 0 || m.trainsInRounds();
        require(!needsReward || (reward != null && !reward.isBlank()), "reward",
                "is required for method " + m.cliName() + " (it labels sampled pairs)");
        require(maxNewTokens >= 1, "max-new-tokens", "must be >= 1");
        require(temperature > 0, "temperature", "must be > 0 for online sampling (responses must differ)");
        require(topK >= 0, "top-k", "must be >= 0");
        require(topP > 0 && topP <= 1, "top-p", "must be in (0, 1]");
        require(rounds >= 1, "rounds", "must be >= 1");
        require(syncSteps >= 1, "sync-steps", "must be >= 1");
        require(maxPolicyLag >= 0, "max-policy-lag", "must be >= 0");
        require(maxPolicyLag >= syncSteps - 1, "max-policy-lag",
                "is " + maxPolicyLag + ", but sync-steps " + syncSteps + " lets the served weights lag " + (syncSteps - 1)
                        + " update(s) before each sync; raise max-policy-lag to " + (syncSteps - 1) + " or lower sync-steps");
        if (rolloutEngineBinary != null) {
            require(rolloutServer == null, "rollout-engine-binary",
                    "starts a server Sail manages; it cannot be combined with rollout-server (a server Sail only reaches)");
            require(rolloutEngine == RolloutEngine.LLAMA_CPP, "rollout-engine-binary",
                    "needs rollout-engine llama.cpp (the only engine Sail starts itself)");
            require(routing.p() > 0 || routing.g() > 0 || m.trainsInRounds(), "rollout-engine-binary",
                    "is set, but method " + m.cliName() + " with these shares samples nothing online");
        }
        if (rolloutServer != null) {
            rolloutSettings(); // the URLs, timeout and retries
            require(routing.p() > 0 || routing.g() > 0 || m.trainsInRounds(), "rollout-server",
                    "is set, but method " + m.cliName() + " with these shares samples nothing online");
            require(topK == 0 || rolloutEngine != RolloutEngine.OPENAI, "top-k",
                    "has no standard field in the openai dialect; name the engine (rollout-engine llama.cpp, vllm or sglang) or use top-k 0");
        }
        require(samplesPerPrompt >= 2, "samples-per-prompt", "must be >= 2 (a pair needs two responses)");
        require(learningRate >= 0, "learning-rate", "must be >= 0");
        require(warmupSteps >= 0, "warmup-steps", "must be >= 0");
        require(weightDecay >= 0, "weight-decay", "must be >= 0");
        require(adamBeta1 >= 0 && adamBeta1 < 1, "adam-beta1", "must be in [0, 1)");
        require(adamBeta2 >= 0 && adamBeta2 < 1, "adam-beta2", "must be in [0, 1)");
        require(adamEpsilon > 0, "adam-epsilon", "must be > 0");
        require(maxGradNorm >= 0, "max-grad-norm", "must be >= 0 (0 = off)");
        require(batchSize >= 1, "batch-size", "must be >= 1");
        require(gradAccum >= 1, "grad-accum", "must be >= 1");
        require(maxSteps >= 0, "max-steps", "must be >= 0 (0 = derive from epochs)");
        require(epochs > 0, "epochs", "must be > 0");
        require(saveSteps >= 0, "save-steps", "must be >= 0");
        require(logSteps >= 1, "log-steps", "must be >= 1");
        require(outputDir != null && !outputDir.isBlank(), "output-dir", "is required");
        require(threads >= 0, "threads", "must be >= 0");
        require(rewardTimeout > 0 && Double.isFinite(rewardTimeout), "reward-timeout", "must be a number of seconds > 0");
        require(rewardRetries >= 0 && rewardRetries <= 100, "reward-retries", "must be in 0..100");
        require(loraR >= 0, "lora-r", "must be >= 0 (0 = full fine-tuning)");
        require(loraAlpha > 0, "lora-alpha", "must be > 0");
        require(loraDropout >= 0 && loraDropout < 1, "lora-dropout", "must be in [0, 1)");
        require(adapter == null || loraR == 0, "adapter", "sets the rank itself; leave lora-r at 0 when training an existing adapter");
        require(adapter == null || Files.isRegularFile(Path.of(adapter).resolve("adapter_config.json")), "adapter",
                "'" + adapter + "' is not an adapter directory (no adapter_config.json)");
        require(!usesLora() || !refreshReference, "refresh-reference",
                "cannot be combined with " + (adapter != null ? "adapter" : "lora-r")
                        + ": with LoRA the reference is the base model with the adapters switched off, so making the"
                        + " policy the reference would mean merging the adapters into the base; drop refresh-reference,"
                        + " or merge (sail merge) and train the merged model without LoRA");
        require(usesLora() || frozenDType == ai.sail.model.FrozenDType.FP32, "frozen-dtype",
                frozenDType.cliName() + " holds the model frozen: it needs lora-r or adapter (full fine-tuning trains every weight in fp32)");
        require(resume == null || !overwrite, "overwrite", "cannot be combined with resume (one continues a run, the other replaces it)");
    }

    private static void existing(String field, String path) {
        if (path == null) {
            return;
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(field + ": '" + path + "' is a directory; expected a JSON or JSON Lines file");
        }
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(field + ": no such file '" + path + "'");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException(field + ": '" + path + "' is not a readable file");
        }
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + " " + message);
        }
    }

    /** The configuration as a key-value map (for writing it into the run directory). */
    public Map<String, Object> asMap() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = MAPPER.convertValue(this, LinkedHashMap.class);
        return m;
    }

    public String toYaml() {
        try {
            return YAML.writeValueAsString(asMap());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // Typed copies for configurations built in code (the demo, benchmarks, tests). Each goes through the
    // same conversion as YAML, so a copy holds exactly what the file would; validate() runs when a run starts.

    private TrainConfig with(String key, Object value) {
        Map<String, Object> m = asMap();
        m.put(key, value);
        return convert(m);
    }

    /** These keys (as in the configuration file, values as text or typed) over this configuration. */
    public TrainConfig withOptions(Map<String, Object> options) {
        Map<String, Object> m = asMap();
        m.putAll(options);
        return convert(m);
    }

    public TrainConfig withMethod(Method method) {
        return with("method", method);
    }

    public TrainConfig withModel(String model) {
        return with("model", model);
    }

    public TrainConfig withRefModel(String refModel) {
        return with("ref-model", refModel);
    }

    public TrainConfig withLoraR(int loraR) {
        return with("lora-r", loraR);
    }

    public TrainConfig withLoraAlpha(double loraAlpha) {
        return with("lora-alpha", loraAlpha);
    }

    public TrainConfig withLoraDropout(double loraDropout) {
        return with("lora-dropout", loraDropout);
    }

    public TrainConfig withLoraTargets(String loraTargets) {
        return with("lora-targets", loraTargets);
    }

    public TrainConfig withUseRslora(boolean useRslora) {
        return with("use-rslora", useRslora);
    }

    public TrainConfig withAdapter(String adapter) {
        return with("adapter", adapter);
    }

    public TrainConfig withData(String data) {
        return with("data", data);
    }

    public TrainConfig withPrompts(String prompts) {
        return with("prompts", prompts);
    }

    public TrainConfig withReward(String reward) {
        return with("reward", reward);
    }

    public TrainConfig withMaxPromptLength(int maxPromptLength) {
        return with("max-prompt-length", maxPromptLength);
    }

    public TrainConfig withMaxLength(int maxLength) {
        return with("max-length", maxLength);
    }

    public TrainConfig withBeta(double beta) {
        return with("beta", beta);
    }

    public TrainConfig withLoss(LossType loss) {
        return with("loss", loss);
    }

    public TrainConfig withSailForm(SailForm sailForm) {
        return with("sail-form", sailForm);
    }

    public TrainConfig withSailBaseline(SailBaseline sailBaseline) {
        return with("sail-baseline", sailBaseline);
    }

    public TrainConfig withSailLengthNorm(boolean sailLengthNorm) {
        return with("sail-length-norm", sailLengthNorm);
    }

    public TrainConfig withR(Double share) {
        return with("r", share);
    }

    public TrainConfig withP(Double share) {
        return with("p", share);
    }

    public TrainConfig withG(Double share) {
        return with("g", share);
    }

    public TrainConfig withGamma(Double gamma) {
        return with("gamma", gamma);
    }

    public TrainConfig withMaxNewTokens(int maxNewTokens) {
        return with("max-new-tokens", maxNewTokens);
    }

    public TrainConfig withTemperature(double temperature) {
        return with("temperature", temperature);
    }

    public TrainConfig withRounds(int rounds) {
        return with("rounds", rounds);
    }

    public TrainConfig withSamplesPerPrompt(int samplesPerPrompt) {
        return with("samples-per-prompt", samplesPerPrompt);
    }

    public TrainConfig withPairing(Pairing pairing) {
        return with("pairing", pairing);
    }

    public TrainConfig withRefreshReference(boolean refreshReference) {
        return with("refresh-reference", refreshReference);
    }

    public TrainConfig withLearningRate(double learningRate) {
        return with("learning-rate", learningRate);
    }

    public TrainConfig withLrSchedule(LearningRateSchedule.Decay lrSchedule) {
        return with("lr-schedule", lrSchedule);
    }

    public TrainConfig withBatchSize(int batchSize) {
        return with("batch-size", batchSize);
    }

    public TrainConfig withGradAccum(int gradAccum) {
        return with("grad-accum", gradAccum);
    }

    public TrainConfig withGradientCheckpointing(boolean gradientCheckpointing) {
        return with("gradient-checkpointing", gradientCheckpointing);
    }

    public TrainConfig withMaxSteps(int maxSteps) {
        return with("max-steps", maxSteps);
    }

    public TrainConfig withSeed(long seed) {
        return with("seed", seed);
    }

    public TrainConfig withOutputDir(String outputDir) {
        return with("output-dir", outputDir);
    }

    public TrainConfig withSaveSteps(int saveSteps) {
        return with("save-steps", saveSteps);
    }

    public TrainConfig withResume(String resume) {
        return with("resume", resume);
    }

    public TrainConfig withOverwrite(boolean overwrite) {
        return with("overwrite", overwrite);
    }

    public TrainConfig withRewardTimeout(double rewardTimeout) {
        return with("reward-timeout", rewardTimeout);
    }

    public TrainConfig withRewardRetries(int rewardRetries) {
        return with("reward-retries", rewardRetries);
    }

    public TrainConfig withRolloutServer(String rolloutServer) {
        return with("rollout-server", rolloutServer);
    }

    public TrainConfig withRolloutEngine(RolloutEngine rolloutEngine) {
        return with("rollout-engine", rolloutEngine);
    }

    public TrainConfig withThreads(int threads) {
        return with("threads", threads);
    }
}
