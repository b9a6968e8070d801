package ai.sail.cli;

import ai.sail.demo.DemoRun;
import ai.sail.demo.DemoSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The demo's comparison on the user's model, prompts and reward: the same report (final table, curves,
 * reward-KL frontiers, gold reward at a matched KL over seeds, differences paired by seed), with every
 * budget an option.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Compare methods (and variants of them) on your own model, prompts and reward over seeds:"
                + " final table, reward-KL frontiers and gold reward at a matched KL, as sail demo reports them.")
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--output-dir", defaultValue = "runs/sweep", paramLabel = "DIR",
            description = "Run directory: prompts, offline pairs, one folder per arm and seed, summary.md, report.html (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--model", required = true, paramLabel = "PATH|Org/Name",
            description = "The base model every arm starts from and is measured against (a Hugging Face directory, a .gguf file or a cached hub id).")
    String model;

    @Option(names = "--prompts", required = true, paramLabel = "FILE",
            description = "Training prompts (JSON Lines or a JSON array: text, {\"prompt\": ...}, {\"messages\": ...} or ShareGPT rows);"
                    + " a quarter is held out unless --eval-prompts is given.")
    Path prompts;

    @Option(names = "--reward", required = true, paramLabel = "SPEC", description = "The gold reward (any --reward of sail train).")
    String reward;

    @Mixin
    ComparisonOptions comparison;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        runtime.apply();
        DemoSettings defaults = DemoSettings.standard(outputDir);
        DemoSettings s = comparison.applyTo(defaults.toBuilder(), defaults)
                .model(model)
                .prompts(prompts.toString(), comparison.evalPrompts)
                .reward(reward)
                .build();
        DemoRun.run(s, System.err);
        return 0;
    }
}
