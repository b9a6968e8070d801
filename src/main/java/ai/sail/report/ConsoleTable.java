package ai.sail.report;

import java.util.List;

/**
 * The final table as plain text for the end of {@code sail demo}: aligned columns (method left,
 * numbers right, so decimal points and ± line up within a column), then the caption, settings and
 * notes, so a run that is only read in a terminal or CI log still shows the whole comparison.
 */
public final class ConsoleTable {
    private static final String GAP = "  ";

    private ConsoleTable() {}

    public static String render(ComparisonReport report) {
        ResultTable table = ResultTable.of(report);
        int columns = table.header().size();
        int[] widths = new int[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = table.header().get(c).length();
            for (List<String> row : table.rows()) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(report.title()).append('\n');
        appendLine(out, table.header(), widths);
        out.append(rule(widths)).append('\n');
        table.rows().forEach(row -> appendLine(out, row, widths));
        if (!table.caption().isEmpty()) {
            out.append(table.caption()).append('\n');
        }
        if (!report.machine().isBlank()) {
            out.append("machine:  ").append(report.machine()).append('\n');
        }
        if (!report.settings().isBlank()) {
            out.append("settings: ").append(report.settings()).append('\n');
        }
        report.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? cell + pad : GAP + pad + cell);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String rule(int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            line.append(c == 0 ? "" : GAP).append("-".repeat(widths[c]));
        }
        return line.toString();
    }
}
