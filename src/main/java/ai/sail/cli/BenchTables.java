package ai.sail.cli;

import ai.sail.align.Method;
import ai.sail.align.TrainBenchmark;
import ai.sail.generate.GenerationBenchmark;
import ai.sail.generate.GenerationTimings;
import ai.sail.model.ForwardBenchmark;
import ai.sail.model.ModelConfig;

/**
 * The figures {@code sail bench} prints, as lines of text. Tables come as a header and one row per
 * measurement, so that each row can be printed as soon as it is measured.
 */
final class BenchTables {
    private BenchTables() {}

    static String generationHeader() {
        return String.format("%6s %10s %10s %9s %9s %9s %9s %6s", "batch", "tokens/s", "ms/step", "model%", "sample%",
                "other%", "%matmul", "path");
    }

    /**
     * tokens/s, ms per step, where the time went, the FLOP rate as a share of the matmul rate, and the
     * decode path that ran.
     */
    static String generationRow(GenerationBenchmark.Result r, ModelConfig config, BenchMachine machine) {
        GenerationTimings t = r.best();
        double total = t.totalNanos();
        // Attention grows with the context: each token is counted at the run's mean context.
        double flops = config.forwardFlopsPerToken(r.promptLength() + r.newTokens() / 2) * t.generatedTokens();
        return String.format("%6d %10.1f %10.2f %8.1f%% %8.1f%% %8.1f%% %8.1f%% %6s", r.batch(), r.tokensPerSecond(),
                total / 1e6 / t.steps(), 100 * t.modelNanos() / total, 100 * t.samplingNanos() / total,
                100 * t.bookkeepingNanos() / total, machine.percentOfMatmul(flops / (total / 1e9)), t.path().cliName());
    }

    /**
     * Decoding reads every weight once per step whatever the batch: the bytes of the weights over the
     * step time, as a share of the machine's measured memory rate, says how close a step comes to being bound
     * by memory rather than by compute or overhead.
     */
    static String weightTraffic(GenerationBenchmark.Result r, long weightBytes, BenchMachine machine) {
        GenerationTimings t = r.best();
        double stepSeconds = t.totalNanos() / 1e9 / t.steps();
        double bytesPerSecond = weightBytes / stepSeconds;
        return String.format("batch %d: weights %.2f MiB read per step = %.1f GB/s, %.1f%% of the memory rate",
                r.batch(), weightBytes / (double) (1L << 20), bytesPerSecond / 1e9, machine.percentOfMemory(bytesPerSecond));
    }

    static String engineHeader() {
        return String.format("%6s %14s %14s %9s", "batch", "engine tok/s", "+scoring tok/s", "ms/step");
    }

    /**
     * A serving engine's throughput: tokens per second of waiting for it (the engine, HTTP and JSON), and
     * with Sail's scoring of the samples added, which a training step does in any case for its loss.
     */
    static String engineRow(GenerationBenchmark.Result r) {
        GenerationTimings t = r.best();
        double engine = t.modelNanos() == 0 ? 0 : t.generatedTokens() * 1e9 / t.modelNanos();
        return String.format("%6d %14.1f %14.1f %9.2f", r.batch(), engine, r.tokensPerSecond(),
                t.modelNanos() / 1e6 / Math.max(1, t.steps()));
    }

    /** Forward alone, and forward + backward (three times the forward FLOPs): seconds, tokens/s, share of matmul. */
    static String forward(ForwardBenchmark.Result r, ModelConfig config, BenchMachine machine) {
        double flopsPerToken = config.forwardFlopsPerToken(r.sequenceLength());
        return String.format("batch %d x %d tokens%n", r.batch(), r.sequenceLength())
                + String.format("forward            %8.3f s  %10.1f tokens/s  %5.1f%% of matmul rate%n",
                        r.forwardSeconds(), r.forwardTokensPerSecond(),
                        machine.percentOfMatmul(flopsPerToken * r.forwardTokensPerSecond()))
                + String.format("forward+backward   %8.3f s  %10.1f tokens/s  %5.1f%% of matmul rate",
                        r.backwardSeconds(), r.trainTokensPerSecond(),
                        machine.percentOfMatmul(3 * flopsPerToken * r.trainTokensPerSecond()));
    }

    /**
     * The update benchmark's table: per variant generation and update seconds, update tokens/s, the
     * update against DPO's, and an online variant's update and whole step against online DPO's. The
     * ratios use the rows printed before, so DPO and online DPO come first among their kind.
     */
    static final class TrainTable {
        private TrainBenchmark.Result dpo;
        private TrainBenchmark.Result onlineDpo;

        String header() {
            return String.format("%-11s %12s %10s %14s %9s %15s %13s", "variant", "generation s", "update s",
                    "update tok/s", "vs dpo", "update vs odpo", "step vs odpo");
        }

        String row(TrainBenchmark.Result r) {
            if (r.variant() == Method.DPO) {
                dpo = r;
            }
            if (r.variant() == Method.ONLINE_DPO) {
                onlineDpo = r;
            }
            boolean online = r.generationSeconds() > 0 && onlineDpo != null;
            return String.format("%-11s %12.3f %10.3f %14.1f %9s %15s %13s", r.variant().cliName(), r.generationSeconds(),
                    r.updateSeconds(), r.updateTokensPerSecond(),
                    dpo == null ? "-" : String.format("%.2fx", r.updateSeconds() / dpo.updateSeconds()),
                    online ? ratio(r.updateSeconds(), onlineDpo.updateSeconds()) : "-",
                    online ? ratio(step(r), step(onlineDpo)) : "-");
        }

        private static double step(TrainBenchmark.Result r) {
            return r.generationSeconds() + r.updateSeconds();
        }

        private static String ratio(double value, double base) {
            return String.format("%.3fx", value / base);
        }
    }
}
