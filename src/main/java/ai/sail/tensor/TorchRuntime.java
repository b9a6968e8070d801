package ai.sail.tensor;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Access to the PyTorch engine. Threads must be fixed before the engine first loads (libtorch reads
 * them once), so {@link #configureThreads} is called by the CLI before anything touches a tensor.
 * The engine is always asked for by name: the tokenizers jar registers a second DJL engine.
 */
public final class TorchRuntime {
    public static final String ENGINE = "PyTorch";
    private static final Pattern CUDA = Pattern.compile("(?:cuda|gpu)(?::(\\d+))?");

    private TorchRuntime() {}

    /** Sets libtorch's intra-op thread count; 0 keeps libtorch's default (one per core). */
    public static void configureThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be >= 0 (0 = all cores), got " + threads);
        }
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        System.setProperty("ai.djl.offline", "true");
    }

    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /** A root manager on {@code device}; close it to free everything created under it. */
    public static NDManager newManager(Device device) {
        return engine().newBaseManager(device);
    }

    /**
     * Parses {@code cpu}, {@code cuda}, {@code cuda:N} (or {@code gpu:N}). A GPU that the engine
     * cannot see is an error here rather than a crash later.
     */
    public static Device parseDevice(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = CUDA.matcher(n);
        if (!m.matches()) {
            throw new IllegalArgumentException("--device must be cpu or cuda:N, got '" + name + "'");
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int available = engine().getGpuCount();
        if (index >= available) {
            throw new IllegalArgumentException("--device " + name + ": the PyTorch engine sees "
                    + available + " GPU(s); this build ships the CPU libtorch (see README, GPU)");
        }
        return Device.gpu(index);
    }
}
