package ai.sail.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
    @TempDir
    Path dir;

    @Test
    void markdownHasTheHeaderAndOneRowPerMethod() throws Exception {
        ReportWriter.write(SampleReport.threeMethods(), dir);
        List<String> lines = Files.readAllLines(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        assertThat(lines).contains("# Sail demo: sentiment task", "**Settings:** 40 steps, 3 seeds, beta 0.1",
                "| method | Gold reward | KL to base |", "| :-- | --: | --: |",
                "| dpo | 0.200 ± 0.050 | 4.00 ± 0.50 |",
                "| sail-pr | 0.400 ± 0.050 | 8.00 ± 0.50 |",
                "| base | -0.200 | 0.00 |",
                "- base is the model before training");
        List<String> rows = lines.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| :--")).toList();
        assertThat(rows).hasSize(1 + SampleReport.METHODS.size());
        assertThat(rows.subList(1, 3)).allMatch(r -> r.contains("±"));
        assertThat(rows.get(3)).doesNotContain("±");
        assertThat(lines).anyMatch(l -> l.contains("mean ± sample sd over 3 seeds"));
    }

    @Test
    void markdownEscapesPipesAndMarksMissingCells() {
        ComparisonReport r = new ComparisonReport("t", "", "", List.of("kl", "update_s"), Map.of("kl", "KL|base"),
                List.of(new MethodResult("a|b", Map.of("kl", Stat.of(1.5)))), List.of(), List.of());
        assertThat(ReportWriter.markdown(r)).contains("| method | KL\\|base | update_s |", "| a\\|b | 1.50 | – |")
                .contains("Each cell is a single run.").doesNotContain("Notes").doesNotContain("Machine");
    }

    @Test
    void consoleTableAlignsItsColumns() {
        String text = ConsoleTable.render(SampleReport.threeMethods());
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Sail demo: sentiment task");
        assertThat(lines.subList(1, 6)).containsExactly(
                "method     Gold reward   KL to base",
                "-------  -------------  -----------",
                "dpo      0.200 ± 0.050  4.00 ± 0.50",
                "sail-pr  0.400 ± 0.050  8.00 ± 0.50",
                "base            -0.200         0.00");
        assertThat(text).contains("settings: 40 steps, 3 seeds, beta 0.1", "note: base is the model before training");
    }

    @Test
    void aColumnSharesItsDecimalsButIgnoresNegligibleCells() {
        assertThat(ResultTable.columnDecimals(List.of(Stat.of(1.06, 1.0, 1.1), Stat.of(0.195, 0.2, 0.21)))).isEqualTo(3);
        assertThat(ResultTable.columnDecimals(List.of(Stat.of(5.23, 5.7), Stat.of(1e-7)))).isEqualTo(2);
        assertThat(ResultTable.columnDecimals(List.of(Stat.of(0)))).isZero();
        assertThat(ResultTable.columnDecimals(List.of())).isZero();
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertThat(Stat.of(0.5231).format()).isEqualTo("0.523");
        assertThat(Stat.of(12.41, 13.41).format()).isEqualTo("12.9 ± 0.7");
        assertThat(Stat.of(145.2).format()).isEqualTo("145");
        assertThat(Stat.of(1234.5).format()).isEqualTo("1235");
        assertThat(Stat.of(0.00123).format()).isEqualTo("0.00123");
        assertThat(Stat.of(0).format()).isEqualTo("0");
        assertThat(Stat.of(-0.0001, 0.0001).format()).isEqualTo("0.000000 ± 0.000141");
        assertThat(Stat.format(Double.NaN, 1)).isEqualTo("n/a");
    }
}
