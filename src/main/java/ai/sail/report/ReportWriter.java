package ai.sail.report;

import ai.sail.io.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a comparison report's files into a directory: {@code report.html} (charts, table, notes and
 * the data as JSON, see {@link HtmlReport}) and {@code summary.md} (the table with the settings and
 * notes, see {@link #markdown}). Each file is replaced atomically, so a reader or a crash never sees
 * half a report.
 */
public final class ReportWriter {
    public static final String HTML_FILE = "report.html";
    public static final String MARKDOWN_FILE = "summary.md";

    /** Where the files went. */
    public record Written(Path html, Path markdown) {}

    private ReportWriter() {}

    public static Written write(ComparisonReport report, Path dir) {
        Path html = dir.resolve(HTML_FILE);
        Path markdown = dir.resolve(MARKDOWN_FILE);
        try {
            AtomicWrite.file(html, HtmlReport.render(report));
            AtomicWrite.file(markdown, markdown(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
        return new Written(html, markdown);
    }

    /**
     * {@code summary.md}: the final table as Markdown with the settings and notes, for a README, an issue
     * or a pull request, where an HTML file cannot be shown inline.
     */
    public static String markdown(ComparisonReport report) {
        ResultTable table = ResultTable.of(report);
        StringBuilder out = new StringBuilder();
        out.append("# ").append(oneLine(report.title())).append("\n\n");
        if (!report.machine().isBlank()) {
            out.append("**Machine:** ").append(oneLine(report.machine())).append("  \n");
        }
        if (!report.settings().isBlank()) {
            out.append("**Settings:** ").append(oneLine(report.settings())).append('\n');
        }
        out.append('\n').append(row(table.header()));
        out.append("| :--").append(" | --:".repeat(table.header().size() - 1)).append(" |\n");
        table.rows().forEach(r -> out.append(row(r)));
        if (!table.caption().isEmpty()) {
            out.append('\n').append(table.caption()).append('\n');
        }
        if (!report.notes().isEmpty()) {
            out.append("\n## Notes\n\n");
            report.notes().forEach(n -> out.append("- ").append(oneLine(n)).append('\n'));
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        return cells.stream().map(c -> oneLine(c).replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
