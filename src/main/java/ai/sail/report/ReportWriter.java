package ai.sail.report;

import ai.sail.io.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes a comparison report's files into a directory: {@code report.html} (charts, table, notes and
 * the data as JSON) and {@code summary.md} (the table). Each file is replaced atomically, so a reader
 * or a crash never sees half a report.
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
            AtomicWrite.file(markdown, MarkdownSummary.render(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
        return new Written(html, markdown);
    }
}
