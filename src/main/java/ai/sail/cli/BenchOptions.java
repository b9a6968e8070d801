package ai.sail.cli;

import ai.djl.Device;
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

    /** The random-weight model's shape, used when there is no --model. */
    @Mixin
    ShapeOptions shape;

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

    /** Applies the runtime options, opens the model, measures the machine and prints what it measured. */
    Subject open() {
        FrozenDType frozen = Choice.parse(FrozenDType.class, frozenDType, "--frozen-dtype");
        Device device = runtime.apply();
        BenchmarkModel opened = model != null ? BenchmarkModel.load(model.model, device, model.adapter, frozen)
                : BenchmarkModel.random(shape.shape(), device, frozen);
        if (loraR > 0) {
            opened.attachRandomLora(loraR);
        }
        BenchMachine machine = BenchMachine.measure(device, runtime.threads);
        System.out.println(machine.describe());
        System.out.println("model: " + opened.description());
        return new Subject(opened, machine);
    }
}
