package ai.sail.cli;

import ai.sail.model.Architecture;
import ai.sail.model.BenchmarkModel;
import picocli.CommandLine.Option;

/**
 * The shape of a random-weight model, declared once for the benchmarks (which measure one when no
 * {@code --model} is given) and {@code init-model} (which writes one as a checkpoint): a family and
 * its sizes, or a published model's shape by name.
 */
final class ShapeOptions {
    @Option(names = "--arch", defaultValue = "llama",
            description = "Family of the random model: llama, qwen2, gpt2 (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--d-model", defaultValue = "256", description = "Width (default: ${DEFAULT-VALUE}).") int dModel;
    @Option(names = "--layers", defaultValue = "4", description = "Decoder blocks (default: ${DEFAULT-VALUE}).") int layers;
    @Option(names = "--heads", defaultValue = "4", description = "Query heads (default: ${DEFAULT-VALUE}).") int heads;
    @Option(names = "--kv-heads", defaultValue = "4", description = "Key/value heads (default: ${DEFAULT-VALUE}).") int kvHeads;
    @Option(names = "--ffn", defaultValue = "768", description = "MLP width (default: ${DEFAULT-VALUE}).") int ffn;
    @Option(names = "--vocab", defaultValue = "8192", description = "Vocabulary (default: ${DEFAULT-VALUE}).") int vocab;
    @Option(names = "--shape", paramLabel = "NAME",
            description = "A published model's shape, random weights; replaces --arch and the shape flags: " + BenchmarkModel.Shape.PRESETS
                    + " (d_model 896, 24 layers, 14 heads, 2 kv heads, ffn 4864, vocab 151936, tied, q/k/v biases, rope theta 1e6).")
    String preset;

    /** The preset named by --shape, else the shape flags. */
    BenchmarkModel.Shape shape() {
        return preset != null ? BenchmarkModel.Shape.preset(preset)
                : new BenchmarkModel.Shape(Architecture.fromModelType(arch, "--arch"), dModel, layers, heads, kvHeads, ffn, vocab);
    }
}
