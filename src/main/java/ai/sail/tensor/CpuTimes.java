package ai.sail.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of the CPU time spent by the whole machine and by this process, from {@code /proc}
 * (Linux). Two readings tell how many cores other processes kept busy in between: what
 * {@link ThreadBudget} follows and what {@code sail doctor} reports.
 *
 * @param total all jiffies of the machine (busy and idle)
 * @param busy the machine's busy jiffies
 * @param ours this process's jiffies
 */
public record CpuTimes(long total, long busy, long ours) {

    /** The current reading, or null where {@code /proc} cannot be read. */
    public static CpuTimes read() {
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
            return new CpuTimes(total, total - idle, ours);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Cores other processes kept busy between this reading and {@code later}; NaN if no time passed. */
    public double othersCores(CpuTimes later, int cores) {
        long t = later.total - total;
        if (t <= 0) {
            return Double.NaN;
        }
        return Math.max(0, ((later.busy - busy) - (later.ours - ours)) * (double) cores / t);
    }
}
