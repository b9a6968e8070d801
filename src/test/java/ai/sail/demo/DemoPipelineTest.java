package ai.sail.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.align.Method;
import ai.sail.report.ComparisonReport;
import ai.sail.report.Curve;
import ai.sail.report.MetricNames;
import ai.sail.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny configuration of the whole demo, end to end: base model, every method, evaluation, report files. */
class DemoPipelineTest {
    @TempDir
    Path dir;

    static DemoSettings tiny(Path out) {
        return new DemoSettings(out, DemoSettings.ALL_METHODS, 1, 4, 4, 1e-4, 0.1, 10, 24, 8, 4, 2,
                null, null, "lexicon:sentiment", 40, new OfflinePairSource(1.3, 0.05)); // the noisy-label setting
    }

    @Test
    void everyMethodRunsAndTheReportHoldsOneSeriesPerMethod() throws Exception {
        DemoRun.Outcome outcome = DemoRun.run(tiny(dir), System.err);
        assertThat(dir.resolve("report.html")).exists();
        assertThat(dir.resolve("summary.md")).exists();
        ComparisonReport report = ReportJson.fromHtml(Files.readString(dir.resolve("report.html")));
        assertThat(report).isEqualTo(outcome.report());
        assertThat(report.results()).hasSize(1 + DemoSettings.ALL_METHODS.size());
        for (Method m : DemoSettings.ALL_METHODS) {
            for (String metric : new String[] {MetricNames.EVAL_GOLD_REWARD, MetricNames.EVAL_KL}) {
                Curve c = report.curves().stream()
                        .filter(x -> x.method().equals(m.cliName()) && x.metric().equals(metric))
                        .findFirst().orElseThrow();
                assertThat(c.steps()).as("%s %s", m, metric).containsExactly(0, 2, 4);
            }
            assertThat(dir.resolve(m.cliName()).resolve("seed-1").resolve("checkpoint-4").resolve("model.safetensors")).exists();
        }
        String summary = Files.readString(dir.resolve("summary.md"));
        for (Method m : DemoSettings.ALL_METHODS) {
            assertThat(summary).contains(m.cliName());
        }
    }
}
