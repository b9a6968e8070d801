package ai.sail.cli;

import ai.djl.Device;
import ai.sail.model.Architecture;
import ai.sail.config.Choice;
import ai.sail.model.BenchmarkModel;
import ai.sail.model.FrozenDType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every benchmark takes: the model it measures ({@code --model}, or random weights of the shape
 * the other flags give), where it runs, and how many timed runs it makes.
 */
final class BenchOptions {
    /** Optional here: without it the benchmark builds a random-weight model (see {@link ModelOptions}). */
    @ArgGroup(exclusive = false)
    ModelOptions model;

    // The random-weight model, when there is no --model: its family, then its shape.
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
    String shape;

    @Option(names = "--frozen-dtype", defaultValue = "fp32", paramLabel = "fp32|f16|bf16|auto",
            description = "Hold the frozen matrices and token embedding in this type, widened to float32 per use;"
                    + " 16-bit needs --lora-r for train (default: ${DEFAULT-VALUE}; auto: the checkpoint's own 16-bit type).")
    String frozenDType;

    @Option(names = "--lora-r", defaultValue = "0", paramLabel = "N",
            description = "Attach new LoRA adapters of this rank (all-linear, B random so they are not a no-op) to measure their cost (default: ${DEFAULT-VALUE}, none).")
    int loraR;

    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed runs; the best is shown (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--contention",
            description = "Measure again beside another process that keeps one core busy, and print both figures.")
    boolean contention;

    /** Runs the measurement quietly, then (with --contention) again beside a busy competitor process. */
    void measure(Runnable measurement) {
        if (contention) {
            System.out.println("quiet:");
        }
        measurement.run();
        if (contention) {
            try (BusyCompetitor competitor = BusyCompetitor.start()) {
                System.out.println("beside a process that keeps one core busy:");
                measurement.run();
                System.out.println(BenchMachine.threadsNow());
            }
        }
    }

    /** An opened benchmark model and the machine it runs on; closing it frees the model. */
    record Subject(BenchmarkModel model, BenchMachine machine) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** The preset named by --shape, else the shape flags. */
    private BenchmarkModel.Shape randomShape() {
        return shape != null ? BenchmarkModel.Shape.preset(shape)
                : new BenchmarkModel.Shape(Architecture.fromModelType(arch, "--arch"), dModel, layers, heads, kvHeads, ffn, vocab);
    }

    /** Applies the runtime options, opens the model, measures the machine and prints what it measured. */
    Subject open() {
        FrozenDType frozen = Choice.parse(FrozenDType.class, frozenDType, "--frozen-dtype");
        Device device = runtime.apply();
        BenchmarkModel opened = model != null ? BenchmarkModel.load(model.model, device, model.adapter, frozen)
                : BenchmarkModel.random(randomShape(), device, frozen);
        if (loraR > 0) {
            opened.attachRandomLora(loraR);
        }
        BenchMachine machine = BenchMachine.measure(device, runtime.threads);
        System.out.println(machine.describe());
        System.out.println("model: " + opened.description());
        return new Subject(opened, machine);
    }
}
