package ai.sail.cli;

import ai.sail.align.TrainBenchmark;
import ai.sail.generate.DecodePath;
import ai.sail.generate.GenerationBenchmark;
import ai.sail.generate.ResponseGenerator;
import ai.sail.generate.SamplingSettings;
import ai.sail.model.BenchmarkModel;
import ai.sail.model.ForwardBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (never asserted in tests).",
        subcommands = {BenchCommand.Generate.class, BenchCommand.Forward.class, BenchCommand.Train.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Decoding throughput (tokens/s) with the KV cache, and where the time goes; with --rollout-server",
                "also through the serving engine (HTTP and JSON included), next to the in-process sampler."})
    static final class Generate implements Callable<Integer> {
        @Mixin
        BenchOptions flags;

        // The workload: batch sizes, then each row's lengths.
        @Option(names = "--batch", defaultValue = "8", split = ",", paramLabel = "N[,N...]",
                description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
        List<Integer> batches;
        @Option(names = "--prompt-len", defaultValue = "16", description = "Prompt tokens (default: ${DEFAULT-VALUE}).") int promptLength;
        @Option(names = "--new-tokens", defaultValue = "64", description = "Generated tokens per row (default: ${DEFAULT-VALUE}).") int newTokens;

        @Mixin
        SamplingOptions.Temperature temperature;

        @Mixin
        RolloutOptions rollout;

        @Mixin
        DecodePathOption decodePath;

        @Override
        public Integer call() {
            DecodePath path = decodePath.parse();
            boolean remote = rollout.settings() != null;
            try (BenchOptions.Subject lm = flags.open();
                    ResponseGenerator engine = remote ? rollout.open(lm.model().checkpoint().orElseThrow(() ->
                            new IllegalArgumentException("--rollout-server needs --model: the checkpoint the engine serves,"
                                    + " which Sail scores the samples with")), batches.stream().max(Integer::compare).orElse(8),
                            System.err, DecodePath.AUTO) : null) {
                SamplingSettings sampling = new SamplingSettings(temperature.value, 0, 1f);
                int vocab = lm.model().config().vocabSize();
                flags.measure(() -> {
                    System.out.println((remote ? "in-process sampler:" + System.lineSeparator() : "")
                            + BenchTables.generationHeader());
                    List<GenerationBenchmark.Result> results = new ArrayList<>();
                    for (int batch : batches) {
                        GenerationBenchmark.Result r = GenerationBenchmark.run(lm.model().decoder(), batch, promptLength,
                                newTokens, sampling, flags.repeats, 7, path);
                        System.out.println(BenchTables.generationRow(r, lm.model().config(), lm.machine()));
                        results.add(r);
                    }
                    long weightBytes = lm.model().decoder().weights().all().values().stream()
                            .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
                    results.forEach(r -> System.out.println(BenchTables.weightTraffic(r, weightBytes, lm.machine())));
                    if (remote) {
                        System.out.println("through " + engine.describe() + ":");
                        System.out.println(BenchTables.engineHeader());
                        for (int batch : batches) {
                            System.out.println(BenchTables.engineRow(GenerationBenchmark.run(engine, vocab, batch,
                                    promptLength, newTokens, sampling, flags.repeats, 7)));
                        }
                    }
                });
                System.out.printf("prompt %d tokens, %d new tokens per row (EOS ignored), temperature %s%n",
                        promptLength, newTokens, temperature.value);
                System.out.println(PeakMemory.describe());
            }
            return 0;
        }
    }

    @Command(name = "forward", mixinStandardHelpOptions = true,
            description = "Full-sequence throughput: forward alone, and forward + backward (a policy update without the optimizer).")
    static final class Forward implements Callable<Integer> {
        @Mixin
        BenchOptions flags;

        // The workload: sequences per pass and their length.
        @Option(names = "--batch", defaultValue = "8", description = "Sequences per pass (default: ${DEFAULT-VALUE}).") int batch;
        @Option(names = {"--seq-len", "--prompt-len"}, defaultValue = "128",
                description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
        int sequenceLength;

        @Override
        public Integer call() {
            try (BenchOptions.Subject lm = flags.open()) {
                flags.measure(() -> System.out.println(BenchTables.forward(
                        ForwardBenchmark.run(lm.model().decoder(), batch, sequenceLength, flags.repeats, 7),
                        lm.model().config(), lm.machine())));
                System.out.println(PeakMemory.describe());
            }
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Update time of DPO and each SAIL variant on one configuration: policy forward+backward,",
                "reference forward, AdamW step; generation timed apart; ratios against DPO and online DPO."})
    static final class Train implements Callable<Integer> {
        @Mixin
        BenchOptions flags;

        // The workload: pairs per update, then each pair's lengths.
        @Option(names = "--pairs", defaultValue = "8", description = "Pairs per update (default: ${DEFAULT-VALUE}).") int pairs;
        @Option(names = "--methods", defaultValue = "dpo,sail-dp,online-dpo,sail-pr,sail-pp", split = ",", paramLabel = "M[,M...]",
                description = "Methods to measure, each one update per run (default: ${DEFAULT-VALUE}).")
        List<String> methods;
        @Option(names = "--prompt-len", defaultValue = "32", description = "Prompt tokens (default: ${DEFAULT-VALUE}).") int promptLength;
        @Option(names = "--response-len", defaultValue = "96",
                description = "Response tokens, dataset and sampled (default: ${DEFAULT-VALUE}).")
        int responseLength;
        @Option(names = "--gradient-checkpointing",
                description = "Recompute each block in the backward pass instead of keeping its activations, as train does with it.")
        boolean gradientCheckpointing;

        @Override
        public Integer call() {
            List<TrainBenchmark.Variant> variants = TrainBenchmark.variants(methods);
            try (BenchOptions.Subject lm = flags.open(); BenchmarkModel reference = lm.model().reference()) {
                ai.sail.model.DecoderWeights w = lm.model().decoder().weights();
                if (w.frozenDType().narrow() && w.adapters().isEmpty()) {
                    throw new IllegalArgumentException("--frozen-dtype " + w.frozenDType().cliName()
                            + " holds the weights frozen: add --lora-r (or --adapter) to train adapters on them");
                }
                System.out.printf("%d pairs = %d sequences of %d tokens (prompt %d + response %d)%n", pairs, 2 * pairs,
                        promptLength + responseLength, promptLength, responseLength);
                flags.measure(() -> {
                    BenchTables.TrainTable table = new BenchTables.TrainTable();
                    System.out.println(table.header());
                    for (TrainBenchmark.Variant v : variants) {
                        System.out.println(table.row(TrainBenchmark.run(lm.model().decoder(), reference.decoder(), v, pairs,
                                promptLength, responseLength, flags.repeats, 11, gradientCheckpointing)));
                    }
                });
                System.out.println(PeakMemory.describe());
            }
            return 0;
        }
    }
}
