package ai.sail.cli;

import ai.djl.Device;
import ai.sail.tensor.MemoryRate;
import ai.sail.tensor.MatmulRate;

/**
 * The machine a benchmark ran on, its measured float32 matrix-multiply rate and its memory
 * rate, against which a benchmark's FLOP rate and bytes read are read as shares of what the
 * hardware can do.
 */
record BenchMachine(int cores, Device device, int threads, double matmulGflops, double memoryGbPerSecond) {

    static BenchMachine measure(Device device, int threads) {
        return new BenchMachine(Runtime.getRuntime().availableProcessors(), device, threads,
                MatmulRate.gflops(device, 1024, 5), MemoryRate.gbPerSecond(device, 256, 5));
    }

    /** The line every benchmark prints first. */
    String describe() {
        return String.format("machine: %d cores, %s, %s threads; float32 matmul %.1f GFLOP/s (1024x1024); "
                + "memory %.1f GB/s (b += a, 256 MiB)", cores, device, threads == 0 ? "auto" : threads, matmulGflops,
                memoryGbPerSecond);
    }

    /** A rate of bytes read as a percentage of the memory rate (which counts bytes read and written). */
    double percentOfMemory(double bytesPerSecond) {
        return 100 * bytesPerSecond / 1e9 / memoryGbPerSecond;
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
