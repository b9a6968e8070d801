package ai.sail.tensor;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many threads libtorch computes with, by default ({@code --threads 0}) following the machine:
 * all cores while Sail has them to itself, fewer while other processes keep cores busy.
 *
 * <p>Why: libtorch's CPU build uses GNU OpenMP, whose worker threads spin-wait between operations.
 * When another process (the reward server beside the trainer, a build, a second run) keeps one of
 * two cores busy, every small operation waits for a worker that is not running, and throughput falls
 * 10-80x. One thread per free core avoids that wait. A monitor thread reads the CPU time of the whole
 * machine and of this process ({@code /proc/stat}, {@code /proc/self/stat}) twice a second; the
 * thread running the steps applies its advice between steps ({@link #applyBetweenSteps}), because
 * OpenMP's thread count belongs to the thread that starts the parallel regions. An explicit
 * {@code --threads N} turns this off; so does a machine without {@code /proc}.
 */
public final class ThreadBudget {
    private static final long PERIOD_MS = 500;
    /** Other processes' load, in cores, above which a core counts as taken (with some hysteresis). */
    private static final double TAKEN = 0.6;
    private static final double FREED = 0.35;

    private static volatile boolean adaptive;
    private static volatile int advised;
    private static int applied = -1;
    private static volatile double othersLoad;

    private ThreadBudget() {}

    /** Starts following the machine (called once, before the engine loads, for {@code --threads 0}). */
    static synchronized void adapt() {
        int cores = Runtime.getRuntime().availableProcessors();
        if (adaptive || cores < 2 || !Files.isReadable(Path.of("/proc/stat"))) {
            return;
        }
        advised = cores;
        adaptive = true;
        Thread monitor = new Thread(() -> monitor(cores), "sail-cpu-monitor");
        monitor.setDaemon(true);
        monitor.start();
    }

    /** Applies the current advice to the calling thread's libtorch pool; cheap when nothing changed. */
    static void applyBetweenSteps() {
        if (!adaptive) {
            return;
        }
        int n = advised;
        if (n != applied) {
            JniUtils.setNumThreads(n);
            applied = n;
        }
    }

    /** The threads advised now (all cores on a quiet machine), or 0 when not adapting. */
    public static int advisedThreads() {
        return adaptive ? advised : 0;
    }

    /** Other processes' CPU use over the last period, in cores (0 when not adapting). */
    public static double othersLoad() {
        return othersLoad;
    }

    private static void monitor(int cores) {
        CpuTimes before = CpuTimes.read();
        double smoothed = 0;
        int taken = 0;
        while (before != null) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            CpuTimes now = CpuTimes.read();
            if (now == null) {
                return;
            }
            double others = before.othersCores(now, cores);
            before = now;
            if (Double.isNaN(others)) {
                continue;
            }
            smoothed = 0.5 * smoothed + 0.5 * others;
            othersLoad = smoothed;
            taken = coresTaken(smoothed, cores, taken);
            advised = Math.max(1, cores - taken);
        }
    }

    /**
     * The cores counted as taken by others at {@code load} (in cores), starting from {@code before}:
     * with hysteresis, so that a brief burst does not flip the count.
     */
    static int coresTaken(double load, int cores, int before) {
        int taken = before;
        while (taken < cores - 1 && load > taken + TAKEN) {
            taken++;
        }
        while (taken > 0 && load < taken - 1 + FREED) {
            taken--;
        }
        return taken;
    }

    /** The threads {@code --threads 0} would start with beside {@code othersLoad} cores of other work. */
    public static int threadsBeside(double othersLoad, int cores) {
        return Math.max(1, cores - coresTaken(othersLoad, cores, 0));
    }
}
