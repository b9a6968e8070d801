package ai.sail.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line console progress bar with count, rate and ETA, redrawn in place on a terminal and
 * printed at most every few seconds (as plain lines) when output goes to a file or CI log.
 */
public final class ProgressBar {
    private static final int WIDTH = 28;
    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint;
    private String suffix = "";

    public ProgressBar(String label, long total, String unit, PrintStream out) {
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
        this.out = out;
        this.terminal = System.console() != null;
    }

    /** Extra text after the bar, e.g. the latest loss. */
    public void suffix(String text) {
        suffix = text;
    }

    public void update(long done) {
        long now = System.nanoTime();
        boolean finished = done >= total;
        if (!finished && now - lastPrint < (terminal ? 100_000_000L : 5_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double seconds = (now - start) / 1e9;
        double rate = done / Math.max(1e-9, seconds);
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
        String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d %s  %.2f %s/s  elapsed %s  eta %s  %s",
                label, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, unit, rate, unit,
                clock(seconds), finished ? "0:00" : clock(eta), suffix);
        if (terminal) {
            out.print("\r" + line + (finished ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
