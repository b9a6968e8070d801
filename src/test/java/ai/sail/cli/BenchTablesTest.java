package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.sail.align.Method;
import ai.sail.align.TrainBenchmark;
import ai.sail.generate.DecodePath;
import ai.sail.generate.GenerationBenchmark;
import ai.sail.generate.GenerationTimings;
import ai.sail.model.Architecture;
import ai.sail.model.ForwardBenchmark;
import ai.sail.model.ModelConfig;
import ai.sail.model.RopeStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark tables from made-up figures: columns, shares and ratios, without running anything. */
class BenchTablesTest {
    // 100 GFLOP/s, so a FLOP rate of 1e9/s is 1% of it; a 20 GB/s memory rate.
    static final BenchMachine MACHINE = new BenchMachine(2, Device.cpu(), 0, 100, 20);

    @Test
    void theMachineLineAndTheShareOfTheMatmulRate() {
        assertThat(MACHINE.describe()).isEqualTo("machine: 2 cores, cpu(), auto threads; float32 matmul 100.0 GFLOP/s "
                + "(1024x1024); memory 20.0 GB/s (b += a, 256 MiB)");
        assertThat(new BenchMachine(2, Device.cpu(), 1, 100, 20).describe()).contains(", 1 threads;");
        assertThat(MACHINE.percentOfMatmul(5e9)).isEqualTo(5.0);
    }

    @Test
    void generationRowsSplitTheTimeAndCountTokensPerSecond() {
        // 1 s in all: 0.8 model, 0.15 sampling, 0.05 bookkeeping; 400 tokens in 50 steps.
        GenerationTimings t = new GenerationTimings(800_000_000L, 150_000_000L, 50_000_000L, 400, 50, DecodePath.JAVA);
        String row = BenchTables.generationRow(new GenerationBenchmark.Result(8, 16, 50, t),
                config(), MACHINE);
        assertThat(row.trim().split("\\s+")).startsWith("8", "400.0", "20.00", "80.0%", "15.0%", "5.0%").endsWith("java");
        assertThat(BenchTables.generationHeader().trim().split("\\s+"))
                .containsExactly("batch", "tokens/s", "ms/step", "model%", "sample%", "other%", "%matmul", "path");
    }

    @Test
    void weightTrafficIsTheWeightsOverTheStepTimeAgainstTheCopyRate() {
        // 50 steps in 1 s: 20 ms a step; 1 GiB of weights a step is 53.7 GB/s, 268% of a 20 GB/s memory rate.
        GenerationTimings t = new GenerationTimings(800_000_000L, 150_000_000L, 50_000_000L, 400, 50, DecodePath.TORCH);
        String line = BenchTables.weightTraffic(new GenerationBenchmark.Result(8, 16, 50, t), 1L << 30, MACHINE);
        assertThat(line).isEqualTo("batch 8: weights 1024.00 MiB read per step = 53.7 GB/s, 268.4% of the memory rate");
    }

    @Test
    void forwardLinesGiveBothPasses() {
        String text = BenchTables.forward(new ForwardBenchmark.Result(8, 128, 0.1, 0.3), config(), MACHINE);
        assertThat(text.lines()).hasSize(3);
        assertThat(text.lines().toList().get(0)).isEqualTo("batch 8 x 128 tokens");
        assertThat(text).contains("forward               0.100 s     10240.0 tokens/s")
                .contains("forward+backward      0.300 s      3413.3 tokens/s");
    }

    @Test
    void trainRowsCompareWithDpoAndTheOnlineRowsWithOnlineDpo() {
        BenchTables.TrainTable table = new BenchTables.TrainTable();
        assertThat(table.header()).contains("vs dpo").contains("update vs odpo").contains("step vs odpo");
        String dpo = table.row(new TrainBenchmark.Result(Method.DPO, 0, 1.0, 1000));
        String sailDp = table.row(new TrainBenchmark.Result(Method.SAIL_DP, 0, 1.5, 1000));
        String online = table.row(new TrainBenchmark.Result(Method.ONLINE_DPO, 1.0, 0.5, 1000));
        String sailPr = table.row(new TrainBenchmark.Result(Method.SAIL_PR, 1.0, 1.0, 1000));
        assertThat(dpo.split("\\s+")).containsExactly("dpo", "0.000", "1.000", "1000.0", "1.00x", "-", "-");
        assertThat(sailDp.split("\\s+")).containsExactly("sail-dp", "0.000", "1.500", "666.7", "1.50x", "-", "-");
        assertThat(online.split("\\s+")).containsExactly("online-dpo", "1.000", "0.500", "2000.0", "0.50x", "1.000x",
                "1.000x");
        // update 1.0 against 0.5; step 2.0 against 1.5
        assertThat(sailPr.split("\\s+")).containsExactly("sail-pr", "1.000", "1.000", "1000.0", "1.00x", "2.000x",
                "1.333x");
    }

    static ModelConfig config() {
        return new ModelConfig(Architecture.LLAMA, 64, 32, 2, 4, 2, 8, 48, 256, 1e-5f, 10000.0, RopeStyle.HALF_SPLIT,
                false, 0, 1, List.of(2), -1);
    }
}
