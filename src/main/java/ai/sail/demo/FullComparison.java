package ai.sail.demo;

import ai.sail.align.Method;
import ai.sail.io.AtomicWrite;
import ai.sail.report.ReportWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sail demo --full}: the comparison in both settings, one after the other on the same base model,
 * exact labels in {@code DIR/clean} and the paper's noisy labels on another policy's responses in
 * {@code DIR/noisy}, each with its own report, and {@code DIR/summary.md} holding both summaries. The
 * arms are every method with Sail's defaults and, beside the SAIL variants, the authors' presets, so
 * that what the defaults change is measured in the same run.
 */
public final class FullComparison {
    public static final String CLEAN = "clean";
    public static final String NOISY = "noisy";

    /** Every method with Sail's defaults, then each SAIL variant with the authors' preset. */
    public static final List<Arm> ARMS = arms();

    private FullComparison() {}

    private static List<Arm> arms() {
        List<Arm> arms = new ArrayList<>(DemoSettings.arms(DemoSettings.ALL_METHODS));
        for (Method m : List.of(Method.SAIL_PR, Method.SAIL_PP, Method.SAIL_DP)) {
            arms.add(Arm.parse(m.cliName() + ":sail-preset=authors"));
        }
        return List.copyOf(arms);
    }

    /**
     * Runs both settings. The noisy one uses the pair source of {@code s} when {@code pairSourceGiven}
     * (the user set --label-noise or --pair-temperature), else {@link OfflinePairSource#NOISY}.
     */
    public static void run(DemoSettings s, boolean pairSourceGiven, PrintStream log) {
        Path out = s.outputDir();
        Path cleanDir = out.resolve(CLEAN);
        Path noisyDir = out.resolve(NOISY);
        log.println("demo --full: exact labels, into " + cleanDir);
        DemoRun.run(s.toBuilder().outputDir(cleanDir).pairSource(OfflinePairSource.EXACT).build(), log);
        String base = s.model() != null ? s.model() : cleanDir.resolve(DemoRun.BASE_DIR).toString();
        log.println("demo --full: the paper's setting (noisy labels on another policy's responses), into " + noisyDir);
        DemoRun.run(s.toBuilder().outputDir(noisyDir).model(base)
                .pairSource(pairSourceGiven ? s.pairSource() : OfflinePairSource.NOISY).build(), log);
        StringBuilder summary = new StringBuilder("# Sail demo --full\n\n");
        summary.append("Two settings, the same base model, arms and seeds. Each folder also holds report.html with the"
                + " curves and reward-KL frontiers.\n\n");
        for (String dir : List.of(CLEAN, NOISY)) {
            try {
                String part = java.nio.file.Files.readString(out.resolve(dir).resolve(ReportWriter.MARKDOWN_FILE));
                summary.append("## ").append(dir).append("/\n\n").append(part.replaceAll("(?m)^#", "##")).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the summary of " + dir + ": " + e.getMessage(), e);
            }
        }
        try {
            AtomicWrite.file(out.resolve(ReportWriter.MARKDOWN_FILE), summary.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(ReportWriter.MARKDOWN_FILE) + ": " + e.getMessage(), e);
        }
        log.println("demo --full: both summaries in " + out.resolve(ReportWriter.MARKDOWN_FILE));
    }
}
