package ai.sail.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.align.Method;
import ai.sail.report.ComparisonReport;
import ai.sail.report.Curve;
import ai.sail.report.MetricNames;
import ai.sail.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny configuration of the whole demo, end to end: base model, every method, evaluation, report files. */
class DemoPipelineTest {
    @TempDir
    Path dir;

    static DemoSettings tiny(Path out) {
        return new DemoSettings(out, DemoSettings.arms(DemoSettings.ALL_METHODS), 1, 4, 4, 1e-4, 0.1, 10, 24, 8, 4, 2, 2, 1,
                null, null, null, "lexicon:sentiment", 40, new OfflinePairSource(1.3, 0.05)); // the noisy-label setting
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

    @Test
    void variantsTrainWithTheirOwnOptionsAndAreComparedPairedBySeed() throws Exception {
        Path heldOut = dir.resolve("heldout.jsonl");
        Path train = dir.resolve("train.jsonl");
        Files.writeString(train, "{\"prompt\": \"one day lily went to the park .\"}\n{\"prompt\": \"one day tom saw a dog .\"}\n");
        Files.writeString(heldOut, "\"one day sam found a ball .\"\n");
        DemoSettings s = tiny(dir.resolve("run")).toBuilder()
                .arms(List.of(Arm.of(Method.DPO), Arm.parse("dpo:beta=0.3:sail-preset=authors")))
                .seeds(2)
                .prompts(train.toString(), heldOut.toString())
                .build();
        ComparisonReport report = DemoRun.run(s, System.err).report();
        assertThat(report.methods()).contains("dpo", "dpo:beta=0.3:sail-preset=authors");
        Path variant = dir.resolve("run").resolve("dpo:beta=0.3:sail-preset=authors").resolve("seed-2");
        String config = Files.readString(variant.resolve("config.yaml"));
        assertThat(config).contains("beta: 0.3").contains("sail-preset: \"authors\"").contains("seed: 2");
        assertThat(Files.readAllLines(dir.resolve("run").resolve("heldout-prompts.jsonl"))).hasSize(1);
        assertThat(report.notes()).anyMatch(n -> n.startsWith("Difference to dpo at that KL, paired by seed: dpo:beta=0.3"));
    }
}
