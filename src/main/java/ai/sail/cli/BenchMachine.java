package ai.sail.cli;

import ai.djl.Device;
import ai.sail.tensor.MatmulRate;

/**
 * The machine a benchmark ran on, and its measured float32 matrix-multiply rate, against which a
 * benchmark's FLOP rate is read as a share of what the hardware can do.
 */
record BenchMachine(int cores, Device device, int threads, double matmulGflops) {

    static BenchMachine measure(Device device, int threads) {
        return new BenchMachine(Runtime.getRuntime().availableProcessors(), device, threads,
                MatmulRate.gflops(device, 1024, 5));
    }

    /** The line every benchmark prints first. */
    String describe() {
        return String.format("machine: %d cores, %s, %s threads; float32 matmul %.1f GFLOP/s (1024x1024)", cores, device,
                threads == 0 ? "auto" : threads, matmulGflops);
    }

    /** A FLOP rate as a percentage of the matmul rate. */
    double percentOfMatmul(double flopsPerSecond) {
        return 100 * flopsPerSecond / 1e9 / matmulGflops;
    }

    /** What the automatic thread count did under load (see ai.sail.tensor.ThreadBudget). */
    static String threadsNow() {
        int advised = ai.sail.tensor.ThreadBudget.advisedThreads();
        return advised == 0 ? "threads: fixed by --threads"
                : String.format("threads: %d (other processes used %.1f cores)", advised, ai.sail.tensor.ThreadBudget.othersLoad());
    }
}
