package ai.sail.cli;

import ai.sail.demo.BaseModelBuilder;
import ai.sail.demo.DemoRun;
import ai.sail.demo.DemoSettings;
import ai.sail.demo.FullComparison;
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
            description = "Run directory: base model, prompts, pairs, one folder per arm and seed, summary.md, report.html (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--quick", description = "Fewer updates and prompts: a first look in about a minute.")
    boolean quick;

    @Option(names = "--full", description = "The full comparison: both settings (exact labels in DIR/clean, the paper's noisy"
            + " labels, --label-noise 0.05 --pair-temperature 1.3, in DIR/noisy), 3 seeds, the SAIL variants' authors' presets"
            + " beside their defaults; DIR/summary.md holds both (about 15-20 minutes on 2 cores).")
    boolean full;

    @Mixin
    ComparisonOptions comparison;

    /** Optional here: the built-in base model is the fallback (see {@link ModelOptions}). */
    @ArgGroup(exclusive = false)
    ModelOptions model;

    /** Optional here: the built-in story openings are the fallback. */
    @ArgGroup(exclusive = false)
    PromptOptions.File prompts;

    @Option(names = "--reward", paramLabel = "SPEC", description = "Your gold reward instead of lexicon:sentiment (any --reward of sail train).")
    String reward;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        runtime.apply();
        if (quick && full) {
            throw new IllegalArgumentException("demo: --quick and --full exclude each other");
        }
        if (model != null && model.adapter != null) {
            // The demo trains full models from its base; merge an adapter first (sail merge) to use it.
            throw new IllegalArgumentException("demo: --adapter is not supported; run sail merge and pass the merged model as --model");
        }
        DemoSettings defaults = quick ? DemoSettings.quick(outputDir) : DemoSettings.standard(outputDir);
        if (full) {
            defaults = defaults.toBuilder().arms(FullComparison.ARMS).seeds(3).build();
        }
        DemoSettings s = comparison.applyTo(defaults.toBuilder(), defaults)
                .model(model == null ? null : model.model)
                .prompts(prompts == null ? null : prompts.file.toString(), comparison.evalPrompts)
                .reward(reward)
                .build();
        if (full) {
            FullComparison.run(s, comparison.labelNoise != null || comparison.pairTemperature != null, System.err);
        } else {
            DemoRun.run(s, System.err);
        }
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
