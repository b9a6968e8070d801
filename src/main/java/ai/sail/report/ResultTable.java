package ai.sail.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The final table as text cells, built once from a report so the Markdown, console and HTML tables
 * cannot disagree on a number. The first column is the method; a metric a method lacks shows as a
 * dash. Each column has one number of decimals, so its decimal points line up. The caption says
 * what a cell is, including how many seeds went into it.
 */
record ResultTable(List<String> header, List<List<String>> rows, String caption) {
    static final String MISSING = "–";
    private static final double NEGLIGIBLE = 0.01;

    ResultTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        Objects.requireNonNull(caption, "caption");
    }

    static ResultTable of(ComparisonReport report) {
        List<String> header = new ArrayList<>();
        header.add("method");
        report.metricOrder().forEach(m -> header.add(report.label(m)));
        List<List<String>> rows = new ArrayList<>();
        report.results().forEach(r -> rows.add(new ArrayList<>(List.of(r.method()))));
        TreeSet<Integer> runs = new TreeSet<>(); // seeds behind the cells that have a spread
        for (String metric : report.metricOrder()) {
            List<Optional<Stat>> column = report.results().stream().map(r -> r.metric(metric)).toList();
            int decimals = columnDecimals(column.stream().flatMap(Optional::stream).toList());
            for (int i = 0; i < column.size(); i++) {
                rows.get(i).add(column.get(i).map(s -> s.format(decimals)).orElse(MISSING));
            }
            column.stream().flatMap(Optional::stream).filter(Stat::hasSpread).forEach(s -> runs.add(s.n()));
        }
        return new ResultTable(header, rows, rows.isEmpty() ? "" : caption(runs));
    }

    /**
     * The decimals of the cell that needs the most, among cells of at least 1% of the column's largest
     * magnitude: a base model's KL of 1e-7 must not turn "5.23" into "5.230000", it shows as "0.00".
     */
    static int columnDecimals(List<Stat> column) {
        double largest = column.stream().mapToDouble(ResultTable::magnitude).max().orElse(0);
        return column.stream().filter(s -> magnitude(s) >= NEGLIGIBLE * largest)
                .mapToInt(Stat::decimals).max().orElse(0);
    }

    private static double magnitude(Stat stat) {
        return Math.max(Math.abs(stat.mean()), stat.sd());
    }

    private static String caption(TreeSet<Integer> runs) {
        if (runs.isEmpty()) {
            return "Each cell is a single run.";
        }
        String seeds = runs.size() == 1 ? runs.first() + " seeds" : "seeds (n = " + runs.first() + "–" + runs.last() + ")";
        return "Each cell is mean ± sample sd over " + seeds + "; a cell without ± is a single run.";
    }
}
