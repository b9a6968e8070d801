package ai.sail.cli;

import ai.djl.Device;
import ai.sail.tensor.TorchRuntime;
import picocli.CommandLine.Option;

/** Device and threads, shared by every command that runs a model. */
final class RuntimeOptions {
    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda:N",
            description = "Where tensors live (default: ${DEFAULT-VALUE}). GPUs need a CUDA libtorch: start with ./sail --gpu; sail doctor says what is missing.")
    String device;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "libtorch compute threads; 0 = auto: one per core, fewer while other processes keep cores busy (default: ${DEFAULT-VALUE}).")
    int threads;

    /** Applies the thread count (before the engine loads) and returns the device. */
    Device apply() {
        TorchRuntime.configureThreads(threads);
        return TorchRuntime.parseDevice(device);
    }
}
