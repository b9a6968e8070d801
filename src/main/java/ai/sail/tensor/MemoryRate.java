package ai.sail.tensor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Measures how fast this machine and engine stream a large float32 array through memory (bytes read
 * plus bytes written per second, for an in-place sum {@code b += a}), so that a decoding benchmark,
 * which reads every weight once per step, can be read as a share of the memory bandwidth it could
 * use. In place, so that no timed run pays for the first touch of freshly allocated pages.
 */
public final class MemoryRate {
    private MemoryRate() {}

    /** GB/s (10^9 bytes) of summing two arrays of {@code mib} MiB in place, best of {@code repeats} timed copies after a warm-up. */
    public static double gbPerSecond(Device device, int mib, int repeats) {
        if (mib < 1 || repeats < 1) {
            throw new IllegalArgumentException("copy size and repeats must be >= 1, got " + mib + " MiB and " + repeats);
        }
        long floats = mib * (1L << 20) / Float.BYTES;
        try (NDManager m = TorchRuntime.newManager(device)) {
            NDArray a = m.ones(new Shape(floats));
            NDArray b = m.zeros(new Shape(floats));
            b.addi(a); // warm-up: touches every page of both
            double best = Double.MAX_VALUE;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                b.addi(a);
                b.getFloat(0); // forces completion on asynchronous devices
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            return 3.0 * floats * Float.BYTES / best / 1e9; // a and b read, b written
        }
    }
}
