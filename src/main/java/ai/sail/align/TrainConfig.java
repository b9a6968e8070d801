package ai.sail.align;

import ai.sail.data.TokenizationSettings;
import ai.sail.data.Truncation;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
        @JsonProperty("method") @Help(value = "dpo, ipo, hinge, robust, online-dpo, iterative-dpo, sail-pr, sail-pp, sail-dp or sail", group = "method") String method,
        @JsonProperty("model") @Help(value = "policy to train: HF directory, .gguf file or cached Org/Name", group = "method") String model,
        @JsonProperty("ref-model") @Help(value = "reference model (default: a frozen copy of the initial policy)", group = "method") String refModel,
        @JsonProperty("data") @Help(value = "preference pairs (JSON or JSON Lines)", group = "data") String data,
        @JsonProperty("prompts") @Help(value = "prompt-only data for the online routes (default: the prompts of --data)", group = "data") String prompts,
        @JsonProperty("reward") @Help(value = "reward source: lexicon:sentiment, length:N, regex:PATTERN, keywords:a,b, http(s)://host:port/path[,more servers], class:com.example.MyReward, implicit, or a reward-model path", group = "method") String reward,
        @JsonProperty("columns") @Help(value = "column mapping, e.g. prompt=question,chosen=response_j,rejected=response_k", group = "data") String columns,
        @JsonProperty("skip-invalid") @Help(value = "skip (and count) malformed rows instead of stopping", group = "data") boolean skipInvalid,
        @JsonProperty("chat-template") @Help(value = "auto (use the model's chat template when it has one) or none", group = "data") String chatTemplate,
        @JsonProperty("max-prompt-length") @Help(value = "prompt tokens kept at most", group = "data") int maxPromptLength,
        @JsonProperty("max-length") @Help(value = "prompt + response tokens kept at most", group = "data") int maxLength,
        @JsonProperty("truncation") @Help(value = "which part of a long prompt survives: keep-end or keep-start", group = "data") String truncation,

        @JsonProperty("beta") @Help(value = "KL strength / implicit reward scale", group = "loss") double beta,
        @JsonProperty("loss") @Help(value = "sigmoid, ipo (on per-token average log-probabilities, as TRL), hinge or robust (default: the method's)", group = "loss") String loss,
        @JsonProperty("label-smoothing") @Help(value = "eps of the sigmoid (cDPO) and robust losses", group = "loss") double labelSmoothing,
        @JsonProperty("nll-coef") @Help(value = "weight of a per-token NLL term on the chosen response (0 = off)", group = "loss") double nllCoef,
        @JsonProperty("sail-form") @Help(value = "exact (the derivation) or reference-code (the authors' implementation; its hook is not divided by grad-accum)", group = "loss") String sailForm,
        @JsonProperty("r") @Help(value = "share of examples on the SAIL-DP route (default: the method's)", group = "loss") Double r,
        @JsonProperty("p") @Help(value = "share of examples on the SAIL-PP route (default: the method's)", group = "loss") Double p,
        @JsonProperty("g") @Help(value = "share of examples on the SAIL-PR route (default: the method's)", group = "loss") Double g,
        @JsonProperty("rho") @Help(value = "coefficient of SAIL-DP's label term (default: the method's)", group = "loss") Double rho,
        @JsonProperty("pi-coef") @Help(value = "coefficient of SAIL-PP's label and sampling terms (default: the method's)", group = "loss") Double piCoef,
        @JsonProperty("gamma") @Help(value = "coefficient of SAIL-PR's sampling term (default: the method's)", group = "loss") Double gamma,
        @JsonProperty("scale-epochs") @Help(value = "scale epochs by 1/(1-r-p-g) so the offline data seen stays the same", group = "loss") boolean scaleEpochs,

        @JsonProperty("max-new-tokens") @Help(value = "tokens per sampled response", group = "generation") int maxNewTokens,
        @JsonProperty("temperature") @Help(value = "sampling temperature of online responses", group = "generation") double temperature,
        @JsonProperty("top-k") @Help(value = "top-k of online sampling (0 = off)", group = "generation") int topK,
        @JsonProperty("top-p") @Help(value = "top-p of online sampling (1 = off)", group = "generation") double topP,
        @JsonProperty("rounds") @Help(value = "iterative DPO: rounds of sample / score / train", group = "generation") int rounds,
        @JsonProperty("samples-per-prompt") @Help(value = "iterative DPO: responses sampled per prompt", group = "generation") int samplesPerPrompt,
        @JsonProperty("pairing") @Help(value = "iterative DPO: best-worst or random", group = "generation") String pairing,
        @JsonProperty("refresh-reference") @Help(value = "iterative DPO: the reference becomes the policy at each round", group = "generation") boolean refreshReference,

        @JsonProperty("learning-rate") @Help("peak learning rate") double learningRate,
        @JsonProperty("lr-schedule") @Help("constant, linear or cosine decay after warm-up") String lrSchedule,
        @JsonProperty("warmup-steps") @Help("linear warm-up updates") int warmupSteps,
        @JsonProperty("weight-decay") @Help("AdamW decoupled weight decay") double weightDecay,
        @JsonProperty("adam-beta1") @Help("AdamW beta1") double adamBeta1,
        @JsonProperty("adam-beta2") @Help("AdamW beta2") double adamBeta2,
        @JsonProperty("adam-epsilon") @Help("AdamW epsilon") double adamEpsilon,
        @JsonProperty("max-grad-norm") @Help("global gradient-norm clip (0 = off)") double maxGradNorm,
        @JsonProperty("batch-size") @Help("pairs (or prompts) per micro-batch") int batchSize,
        @JsonProperty("grad-accum") @Help("micro-batches per update") int gradAccum,
        @JsonProperty("max-steps") @Help("updates to run; 0 = derive from --epochs") int maxSteps,
        @JsonProperty("epochs") @Help("passes over the data when --max-steps is 0") double epochs,
        @JsonProperty("seed") @Help("seeds data order, routing, labelling and sampling") long seed,
        @JsonProperty("precompute-ref-logps") @Help("compute the reference's log-probabilities of the offline pairs once, cached with the run") boolean precomputeRefLogps,

        @JsonProperty("output-dir") @Help(value = "run directory: metrics.jsonl, checkpoints, config", group = "output") String outputDir,
        @JsonProperty("save-steps") @Help(value = "checkpoint every N updates (0 = only at the end)", group = "output") int saveSteps,
        @JsonProperty("log-steps") @Help(value = "log metrics every N updates", group = "output") int logSteps,
        @JsonProperty("resume") @Help(value = "continue from a checkpoint directory, or 'latest' in --output-dir", group = "output") String resume,
        @JsonProperty("device") @Help(value = "cpu or cuda:N", group = "output") String device,
        @JsonProperty("threads") @Help(value = "libtorch threads (0 = one per core)", group = "output") int threads) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Defaults, by key; fields without one (model, data, ...) default to null. */
    public static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", "dpo");
        d.put("skip-invalid", false);
        d.put("chat-template", "auto");
        d.put("max-prompt-length", 256);
        d.put("max-length", 512);
        d.put("truncation", "keep-end");
        d.put("beta", 0.1);
        d.put("label-smoothing", 0.0);
        d.put("nll-coef", 0.0);
        d.put("sail-form", "exact");
        d.put("scale-epochs", false);
        d.put("max-new-tokens", 64);
        d.put("temperature", 0.9);
        d.put("top-k", 0);
        d.put("top-p", 1.0);
        d.put("rounds", 2);
        d.put("samples-per-prompt", 4);
        d.put("pairing", "best-worst");
        d.put("refresh-reference", false);
        d.put("learning-rate", 1e-6);
        d.put("lr-schedule", "linear");
        d.put("warmup-steps", 0);
        d.put("weight-decay", 0.0);
        d.put("adam-beta1", 0.9);
        d.put("adam-beta2", 0.999);
        d.put("adam-epsilon", 1e-8);
        d.put("max-grad-norm", 1.0);
        d.put("batch-size", 8);
        d.put("grad-accum", 1);
        d.put("max-steps", 0);
        d.put("epochs", 1.0);
        d.put("seed", 42);
        d.put("precompute-ref-logps", false);
        d.put("output-dir", "runs/train");
        d.put("save-steps", 500);
        d.put("log-steps", 1);
        d.put("device", "cpu");
        d.put("threads", 0);
        return d;
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
        TrainConfig config;
        try {
            config = MAPPER.convertValue(merged, TrainConfig.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(e.getCause()), e);
        }
        config.validate();
        return config;
    }

    private static String describe(Throwable cause) {
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

    public Method methodKind() {
        return Method.parse(method);
    }

    public LossType lossType() {
        return loss == null ? methodKind().defaultLoss() : LossType.parse(loss, "loss");
    }

    /** How the run's prompts and responses are tokenised and truncated. */
    public TokenizationSettings tokenization() {
        return new TokenizationSettings(chatTemplate.equals("auto"), maxPromptLength, maxLength,
                truncation.equals("keep-end") ? Truncation.KEEP_END : Truncation.KEEP_START);
    }

    public LossSettings lossSettings() {
        return new LossSettings(beta, lossType(), labelSmoothing, nllCoef, SailForm.parse(sailForm, "sail-form"));
    }

    /** Route probabilities and coefficients after the method's defaults. */
    public Routing routing() {
        return Routing.of(methodKind(), data != null, r, p, g, rho, piCoef, gamma);
    }

    /** Checks every field and their combinations; the message names the field and what is allowed. */
    public void validate() {
        Method m = methodKind();
        require(model != null && !model.isBlank(), "model", "is required (a model directory, .gguf file or Org/Name)");
        require(data != null || prompts != null, "data", "is required (or --prompts for online methods)");
        boolean needsPairs = m == Method.DPO || m == Method.IPO || m == Method.HINGE || m == Method.ROBUST || m == Method.SAIL_DP;
        require(!needsPairs || data != null, "data", "is required for method " + m.cliName() + " (preference pairs)");
        existing("data", data);
        existing("prompts", prompts);
        require(chatTemplate.equals("auto") || chatTemplate.equals("none"), "chat-template", "must be auto or none, got '" + chatTemplate + "'");
        require(truncation.equals("keep-end") || truncation.equals("keep-start"), "truncation", "must be keep-end or keep-start, got '" + truncation + "'");
        require(maxPromptLength >= 1, "max-prompt-length", "must be >= 1");
        require(maxLength > maxPromptLength, "max-length", "must be greater than max-prompt-length (" + maxPromptLength + ")");
        lossSettings();
        Routing routing = routing();
        boolean needsReward = routing.g() > 0 || m == Method.ITERATIVE_DPO;
        require(!needsReward || (reward != null && !reward.isBlank()), "reward",
                "is required for method " + m.cliName() + " (it labels sampled pairs)");
        require(maxNewTokens >= 1, "max-new-tokens", "must be >= 1");
        require(temperature > 0, "temperature", "must be > 0 for online sampling (responses must differ)");
        require(topK >= 0, "top-k", "must be >= 0");
        require(topP > 0 && topP <= 1, "top-p", "must be in (0, 1]");
        require(rounds >= 1, "rounds", "must be >= 1");
        require(samplesPerPrompt >= 2, "samples-per-prompt", "must be >= 2 (a pair needs two responses)");
        require(pairing.equals("best-worst") || pairing.equals("random"), "pairing", "must be best-worst or random, got '" + pairing + "'");
        LearningRateSchedule.Decay.parse(lrSchedule, "lr-schedule");
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
        require(device.equals("cpu") || device.matches("(cuda|gpu)(:\\d+)?"), "device", "must be cpu or cuda:N, got '" + device + "'");
    }

    private static void existing(String field, String path) {
        if (path != null && !Files.isRegularFile(Path.of(path))) {
            throw new IllegalArgumentException(field + ": no such file '" + path + "'");
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
}
