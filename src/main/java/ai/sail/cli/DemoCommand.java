package ai.sail.cli;

import ai.sail.demo.BaseModelBuilder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The built-in alignment task: trains a small base model on generated stories, aligns it with each method and compares them.",
        subcommands = {DemoCommand.BaseModel.class})
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new IllegalArgumentException("not yet");
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
