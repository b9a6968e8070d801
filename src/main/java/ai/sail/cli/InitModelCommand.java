package ai.sail.cli;

import ai.sail.model.BenchmarkModel;
import ai.sail.model.ModelConfig;
import ai.sail.model.RandomCheckpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sail init-model}: a random-weight Hugging Face checkpoint of a given shape and tokenizer, for
 * runs that need a model of a real size rather than trained weights.
 */
@Command(name = "init-model", mixinStandardHelpOptions = true,
        description = {"Write a random-weight Hugging Face checkpoint (config.json, model.safetensors, tokenizer files)",
            "of the shape given by --shape or the shape flags, with the tokenizer given; --model loads it."})
final class InitModelCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Directory to write the model to; it must not exist or be empty.")
    Path output;

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE",
            description = "A tokenizer.json, or a directory holding one; the tokenizer files beside it"
                    + " (tokenizer_config.json, special tokens, chat template) are copied with it.")
    Path tokenizer;

    @Mixin
    ShapeOptions shape;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the random weights; the same seed and shape give the same weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        BenchmarkModel.Shape random = shape.shape();
        ModelConfig written = RandomCheckpoint.write(random, seed, tokenizer, output);
        System.err.println("wrote      " + output + ": " + random.describe() + ", seed " + seed + "; BOS " + written.bosId()
                + ", EOS " + written.eosIds() + " (-1 / [] = none)");
        return 0;
    }
}
