package ai.sail.cli;

import ai.djl.Device;
import ai.sail.model.HfCheckpointWriter;
import ai.sail.model.LanguageModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sail merge}: folds a LoRA adapter into its base model ({@code W + scaling * B A} on the rows
 * each adapter covers) and saves the result as a Hugging Face checkpoint, as every saved model is.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge a LoRA adapter into its base model and save a Hugging Face checkpoint",
            "(config.json, model.safetensors, tokenizer files) that needs no adapter to run."})
final class MergeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory to write the merged model to (replaced if it exists).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (model.adapter == null) {
            throw new IllegalArgumentException("merge: --adapter is required (the adapter to merge into --model)");
        }
        // Merging is exact arithmetic on the weights: it runs on the CPU whatever the other commands use.
        try (LanguageModel merged = model.load(Device.cpu())) {
            HfCheckpointWriter.save(merged, output);
        }
        System.err.println("merged     " + model.adapter + " into " + model.model + ": " + output);
        return 0;
    }
}
