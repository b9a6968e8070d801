package ai.sail.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code summary.md}: the final table as Markdown with the settings and notes, for a README, an issue
 * or a pull request, where an HTML file cannot be shown inline.
 */
public final class MarkdownSummary {
    private MarkdownSummary() {}

    public static String render(ComparisonReport report) {
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
