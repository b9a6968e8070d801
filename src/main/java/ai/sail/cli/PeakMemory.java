package ai.sail.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's peak resident memory, as Linux records it ({@code VmHWM} in {@code /proc/self/status}):
 * the Java heap and everything libtorch allocated outside it, the figure a benchmark is compared on.
 */
final class PeakMemory {
    private PeakMemory() {}

    /** Bytes, or empty where the kernel does not report it (not Linux). */
    static OptionalLong bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring("VmHWM:".length()).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: the figure is simply unknown.
        }
        return OptionalLong.empty();
    }

    /** The line benchmarks end with. */
    static String describe() {
        OptionalLong b = bytes();
        return "peak resident memory (VmHWM): "
                + (b.isPresent() ? String.format("%.2f GiB", b.getAsLong() / (double) (1L << 30)) : "n/a");
    }
}
