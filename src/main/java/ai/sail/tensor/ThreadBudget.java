package ai.sail.tensor;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
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
        long[] before = sample();
        double smoothed = 0;
        int taken = 0;
        while (before != null) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            long[] now = sample();
            if (now == null) {
                return;
            }
            long total = now[0] - before[0];
            long busy = now[1] - before[1];
            long ours = now[2] - before[2];
            before = now;
            if (total <= 0) {
                continue;
            }
            double others = Math.max(0, (busy - ours) * (double) cores / total);
            smoothed = 0.5 * smoothed + 0.5 * others;
            othersLoad = smoothed;
            // Count the cores others take, with hysteresis so that a brief burst does not flip the count.
            while (taken < cores - 1 && smoothed > taken + TAKEN) {
                taken++;
            }
            while (taken > 0 && smoothed < taken - 1 + FREED) {
                taken--;
            }
            advised = Math.max(1, cores - taken);
        }
    }

    /** {total jiffies, busy jiffies of the machine, this process's jiffies}, or null if unreadable. */
    private static long[] sample() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user..steal; guest time is counted in user
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            String self = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name (which may hold spaces) start at the last ')'.
            String[] s = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            long ours = Long.parseLong(s[11]) + Long.parseLong(s[12]); // utime, stime (fields 14 and 15)
            return new long[] {total, total - idle, ours};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
