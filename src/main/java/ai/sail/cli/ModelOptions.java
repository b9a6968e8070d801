package ai.sail.cli;

import ai.djl.Device;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import picocli.CommandLine.Option;

/**
 * {@code --model} and {@code --adapter}, declared once for every command that runs a checkpoint.
 *
 * <p>generate, eval and score cannot run without a model and mix this class in as it is
 * ({@code @Mixin}). demo and the benchmarks bring a model of their own and take {@code --model} only to
 * replace it, so they hold this class as an optional argument group ({@code @ArgGroup(exclusive =
 * false)}): the option stays required within the group, and picocli leaves the field {@code null} when
 * it is absent. Where the model runs is {@link RuntimeOptions}, a mixin of its own because
 * {@code demo base-model} takes it without a model. How a command words the option is in
 * {@link OptionWording}.
 */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "PATH|Org/Name",
            description = "A Hugging Face model directory, a .gguf file, or a hub id already in the local Hugging Face cache.")
    String model;

    @Option(names = "--adapter", paramLabel = "DIR",
            description = "A LoRA adapter in PEFT's layout (adapter_config.json, adapter_model.safetensors) to run on the model.")
    java.nio.file.Path adapter;

    LanguageModel load(Device device) {
        return ModelLoader.load(model, device, adapter);
    }
}
