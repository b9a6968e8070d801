package ai.sail.cli;

import ai.sail.align.Method;
import ai.sail.demo.BaseModelBuilder;
import ai.sail.demo.DemoRun;
import ai.sail.demo.DemoSettings;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The built-in alignment task: trains a small base model on generated stories, aligns it with each method and compares them.",
        subcommands = {DemoCommand.BaseModel.class})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--output-dir", defaultValue = "runs/demo", paramLabel = "DIR",
            description = "Run directory: base model, prompts, pairs, one folder per method and seed, summary.md, report.html (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--quick", description = "Fewer updates and prompts: a first look in about three minutes.")
    boolean quick;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
            description = "Repeat the comparison with seeds 1..N and report mean and spread (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--methods", split = ",", paramLabel = "M[,M...]",
            description = "Methods to compare (default: dpo,online-dpo,iterative-dpo,sail-pr,sail-pp,sail-dp).")
    List<String> methods;

    @Option(names = "--steps", paramLabel = "N", description = "Policy updates per method (default: 200, 60 with --quick).")
    Integer steps;

    @Option(names = "--learning-rate", paramLabel = "X", description = "Peak learning rate of every method (default: 1e-4).")
    Double learningRate;

    @Option(names = "--beta", paramLabel = "X", description = "KL strength of every method (default: 0.5).")
    Double beta;

    /** Optional here: the built-in base model is the fallback (see {@link ModelOptions}). */
    @ArgGroup(exclusive = false)
    ModelOptions model;

    /** Optional here: the built-in story openings are the fallback. */
    @ArgGroup(exclusive = false)
    PromptOptions.File prompts;

    @Option(names = "--label-noise", defaultValue = "0", paramLabel = "X",
            description = "Label the offline pairs by a noisy Bradley-Terry draw on the gold reward, P = sigmoid(dR / X),"
                    + " as noisy human labels are; 0 = the higher reward wins (default: ${DEFAULT-VALUE}).")
    double labelNoise;

    @Option(names = "--pair-temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Sampling temperature of the base model that writes the offline pairs (default: ${DEFAULT-VALUE}).")
    double pairTemperature;

    @Option(names = "--reward", paramLabel = "SPEC", description = "Your gold reward instead of lexicon:sentiment (any --reward of sail train).")
    String reward;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        runtime.apply();
        DemoSettings s = quick ? DemoSettings.quick(outputDir) : DemoSettings.standard(outputDir);
        if (methods != null) {
            s = s.withMethods(methods.stream().map(Method::parse).toList());
        }
        if (steps != null) {
            s = s.withSteps(steps);
        }
        if (model != null && model.adapter != null) {
            // The demo trains full models from its base; merge an adapter first (sail merge) to use it.
            throw new IllegalArgumentException("demo: --adapter is not supported; run sail merge and pass the merged model as --model");
        }
        s = s.withSeeds(seeds)
                .withSources(model == null ? null : model.model, prompts == null ? null : prompts.file.toString(), reward)
                .withOptimisation(learningRate, beta)
                .withPairSource(pairTemperature, labelNoise);
        DemoRun.run(s, System.err);
        return 0;
    }

    @Command(name = "base-model", mixinStandardHelpOptions = true,
            description = "Train the demo's base model from its seed and save it as a Hugging Face checkpoint.")
    static final class BaseModel implements Callable<Integer> {
        @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where to write the checkpoint.")
        Path output;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the corpus and the training (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--steps", defaultValue = "700", description = "Training updates (default: ${DEFAULT-VALUE}).")
        int steps;

        @Mixin
        RuntimeOptions runtime;

        @Override
        public Integer call() {
            runtime.apply();
            BaseModelBuilder.Settings standard = BaseModelBuilder.Settings.standard(seed);
            BaseModelBuilder.Settings s = new BaseModelBuilder.Settings(seed, standard.stories(), steps,
                    standard.batchSize(), standard.learningRate(), standard.hidden(), standard.layers());
            double loss = BaseModelBuilder.build(s, output, System.err);
            System.out.printf("base model written to %s (final training loss %.3f nats/token)%n", output, loss);
            return 0;
        }
    }
}
