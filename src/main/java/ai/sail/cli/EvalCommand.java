package ai.sail.cli;

import ai.djl.Device;
import ai.sail.config.Choice;
import ai.sail.data.ChatTemplateUse;
import ai.sail.io.AtomicWrite;
import ai.sail.data.ExampleTokenizer;
import ai.sail.data.PromptExample;
import ai.sail.data.PromptTokenization;
import ai.sail.data.ReadResult;
import ai.sail.data.TokenizationSettings;
import ai.sail.eval.Baseline;
import ai.sail.eval.EvalReport;
import ai.sail.eval.EvalResult;
import ai.sail.eval.EvalSettings;
import ai.sail.eval.Evaluator;
import ai.sail.eval.SamplingProgress;
import ai.sail.generate.DecodePath;
import ai.sail.generate.ResponseGenerator;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.reward.RewardContext;
import ai.sail.reward.RewardSource;
import ai.sail.reward.RewardSources;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a policy on prompts: mean gold reward, length, EOS share and distinct-n; with",
            "--reference also the win rate against the reference's responses (hard and soft) and KL to it.",
            "Prints JSON (all fields, per-sample values included) and a summary table on stderr."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Mixin
    PromptOptions.File prompts;

    @Option(names = "--reward", required = true, paramLabel = "SPEC",
            description = "The gold reward: length:N, lexicon:sentiment, regex:..., keywords:..., a server URL, class:NAME or a reward model.")
    String reward;

    @Option(names = "--reference", paramLabel = "PATH|Org/Name",
            description = "The reference (usually the base model; must share the policy's tokenizer): its responses are the"
                    + " win-rate baseline, and KL is measured to it. Without it, win rate and KL are n/a.")
    String reference;

    @Option(names = "--samples", defaultValue = "4", paramLabel = "N",
            description = "Responses per prompt (default: ${DEFAULT-VALUE}).")
    int samples;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--chat-template", defaultValue = "auto", paramLabel = "auto|none",
            description = "auto: render prompts with the model's chat template when it has one (default: ${DEFAULT-VALUE}).")
    String chatTemplate;

    @Option(names = "--output", paramLabel = "FILE.json", description = "Write the JSON here instead of to stdout.")
    Path output;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        EvalSettings settings = new EvalSettings(samples, sampling.maxNewTokens, sampling.temperature.value,
                sampling.topP, sampling.seed, sampling.batchSize);
        ChatTemplateUse templateUse = Choice.parse(ChatTemplateUse.class, chatTemplate, "--chat-template"); // before any model loads
        checkWritable(output); // before the sampling, not after it: a failed write would lose every result
        // Read the prompts before loading any model: a malformed row should cost seconds, not a model load.
        rollout.settings(); // checked before the prompts are read, like the other flags
        ReadResult<PromptExample> rows = prompts.read();
        Device device = runtime.apply();
        try (RewardSource gold = RewardSources.parse(reward, RewardContext.on(device));
                LanguageModel policy = model.load(device);
                ResponseGenerator policySamples = rollout.settings() == null ? null
                        : rollout.open(policy, settings.batchSize(), System.err, DecodePath.AUTO)) {
            System.err.println("prompts    " + rows.summary());
            PromptTokenization tokenized = tokenizer(policy, templateUse).tokenizePrompts(rows.examples());
            System.err.println("           " + tokenized.summary());
            Evaluator evaluator = new Evaluator(gold, settings, SamplingProgress.bars(System.err), policySamples);
            EvalResult result;
            if (reference == null) {
                result = evaluator.evaluate(policy, null, tokenized.prompts(), null);
            } else {
                // The same name is the same weights (unless an adapter changes the policy): reuse the loaded
                // policy rather than hold a second copy.
                LanguageModel ref = reference.equals(model.model) && model.adapter == null ? policy
                        : ModelLoader.load(reference, device);
                try {
                    Baseline baseline = evaluator.baseline(ref, tokenized.prompts());
                    result = evaluator.evaluate(policy, ref.decoder(), tokenized.prompts(), baseline);
                } finally {
                    if (ref != policy) {
                        ref.close();
                    }
                }
            }
            EvalReport report = new EvalReport(model.model, reference, gold.describe(), tokenized.prompts(), settings, result);
            String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.json());
            if (output == null) {
                System.out.println(json);
            } else {
                AtomicWrite.file(output, json + System.lineSeparator());
            }
            System.err.print(report.table());
            if (policySamples != null) {
                RolloutOptions.printTotals(policySamples, System.err);
            }
        }
        return 0;
    }

    private static void checkWritable(Path output) {
        if (output == null) {
            return;
        }
        Path dir = output.toAbsolutePath().getParent();
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output: '" + output + "' is a directory; expected a file name for the JSON");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--output: the directory of '" + output + "' does not exist; create it first");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("--output: cannot write in '" + dir + "' (permission denied)");
        }
    }

    /** Prompts tokenised as the trainer tokenises them; the length limits are the data stage's defaults. */
    private static ExampleTokenizer tokenizer(LanguageModel policy, ChatTemplateUse templateUse) {
        TokenizationSettings defaults = TokenizationSettings.defaults();
        TokenizationSettings settings = new TokenizationSettings(templateUse == ChatTemplateUse.AUTO, defaults.maxPromptLength(),
                defaults.maxLength(), defaults.truncation());
        int eos = policy.eosIds().isEmpty() ? -1 : policy.eosIds().get(0);
        return new ExampleTokenizer(policy.tokenizer(), settings, eos, policy.config().bosId());
    }
}
