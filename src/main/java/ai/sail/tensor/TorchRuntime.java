package ai.sail.tensor;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Access to the PyTorch engine. Threads must be fixed before the engine first loads (libtorch reads
 * them once), so {@link #configureThreads} is called by the CLI before anything touches a tensor.
 * The engine is always asked for by name: the tokenizers jar registers a second DJL engine.
 */
public final class TorchRuntime {
    public static final String ENGINE = "PyTorch";

    private TorchRuntime() {}

    /**
     * Most compute threads per available processor. More than a few per core only adds contention
     * (OpenMP workers spin between operations), and tens of thousands of threads exhaust the process's
     * limits, leaving a JVM that hangs and does not answer SIGTERM.
     */
    static final int THREADS_PER_PROCESSOR = 4;

    /** The largest {@code --threads} accepted on this machine. */
    public static int maxThreads() {
        return Runtime.getRuntime().availableProcessors() * THREADS_PER_PROCESSOR;
    }

    /**
     * Sets libtorch's intra-op thread count; 0 starts with one per core and follows the machine
     * ({@link ThreadBudget}: fewer while other processes keep cores busy).
     */
    public static void configureThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0 (0 = all cores), got " + threads);
        }
        int processors = Runtime.getRuntime().availableProcessors();
        if (threads > maxThreads()) {
            throw new IllegalArgumentException("--threads " + threads + " is more than this machine can use: at most "
                    + maxThreads() + " (" + THREADS_PER_PROCESSOR + " per available processor, " + processors
                    + " here); 0 uses one per core");
        }
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        } else {
            ThreadBudget.adapt();
        }
        offlineUnlessChosen();
    }

    /**
     * Keeps DJL from downloading anything unless the JVM was started with {@code ai.djl.offline} set
     * (the launcher sets it to false only for {@code ./sail --gpu} with {@code SAIL_ALLOW_DOWNLOAD=1}).
     */
    public static void offlineUnlessChosen() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    /** The folder libtorch was loaded from (loads the engine). */
    public static String libtorchPath() {
        engine();
        return LibUtils.getLibtorchPath();
    }

    /** Whether the loaded libtorch has its CUDA part: a CPU build cannot place a tensor on a GPU. */
    static boolean libtorchHasCuda() {
        return Files.isRegularFile(Path.of(libtorchPath()).resolve(System.mapLibraryName("torch_cuda")));
    }

    /**
     * The PyTorch engine. When libtorch cannot load (no native jar for this platform, or a broken
     * local libtorch) the error says so and what to do, instead of DJL's download attempt.
     */
    public static Engine engine() {
        try {
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException e) {
            throw new EngineUnavailableException("the PyTorch engine could not load on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch") + ": " + e.getMessage() + ". Sail's build bundles libtorch "
                    + "for Linux x86-64 only; elsewhere point DJL at a local PyTorch 2.7.1 libtorch with "
                    + "PYTORCH_LIBRARY_PATH (see README, \"Using Sail as a library\" and \"GPU\"); `sail doctor` says what"
                    + " this run would load", e);
        }
    }

    /** A root manager on {@code device}; close it to free everything created under it. */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    /** Parses {@code cpu} or {@code cuda:N} (see {@link DeviceSpec}) and checks the GPU exists. */
    public static Device parseDevice(String name) {
        DeviceSpec spec;
        try {
            spec = DeviceSpec.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device: " + e.getMessage(), e);
        }
        return spec.toDevice();
    }
}
