package ai.sail.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Measures the float32 matrix-multiply rate this machine and engine reach, so that a benchmark's
 * tokens/s can also be read as a share of what the hardware can do.
 */
public final class MatmulRate {
    private MatmulRate() {}

    /** GFLOP/s of square {@code n x n} products, best of {@code repeats} timed runs after a warm-up. */
    public static double gflops(Device device, int n, int repeats) {
        try (NDManager m = TorchRuntime.newManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // forces completion on asynchronous devices
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }
}
