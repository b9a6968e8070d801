package ai.sail.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.align.TrainBenchmark;
import ai.sail.generate.GenerationBenchmark;
import ai.sail.generate.GenerationTimings;
import ai.sail.generate.SamplingSettings;
import ai.sail.model.Architecture;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.ForwardBenchmark;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelConfig;
import ai.sail.model.ModelLoader;
import ai.sail.model.RopeStyle;
import ai.sail.tensor.MatmulRate;
import ai.sail.tensor.TorchRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (never asserted in tests).",
        subcommands = {BenchCommand.Generate.class, BenchCommand.Forward.class, BenchCommand.Train.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The model under test: a file, or random weights of a configuration given by flags. */
    static final class ModelFlags {
        @Option(names = "--model", paramLabel = "PATH|Org/Name",
                description = "Benchmark this model instead of a random-weight configuration.")
        String model;

        @Option(names = "--d-model", defaultValue = "256", description = "Width (default: ${DEFAULT-VALUE}).")
        int dModel;

        @Option(names = "--layers", defaultValue = "4", description = "Decoder blocks (default: ${DEFAULT-VALUE}).")
        int layers;

        @Option(names = "--heads", defaultValue = "4", description = "Query heads (default: ${DEFAULT-VALUE}).")
        int heads;

        @Option(names = "--kv-heads", defaultValue = "4", description = "Key/value heads (default: ${DEFAULT-VALUE}).")
        int kvHeads;

        @Option(names = "--ffn", defaultValue = "768", description = "MLP width (default: ${DEFAULT-VALUE}).")
        int ffn;

        @Option(names = "--vocab", defaultValue = "8192", description = "Vocabulary (default: ${DEFAULT-VALUE}).")
        int vocab;

        @Option(names = "--arch", defaultValue = "llama", description = "Family of the random model: llama, qwen2, gpt2 (default: ${DEFAULT-VALUE}).")
        String arch;

        @Mixin
        RuntimeOptions runtime;

        String describe() {
            return model != null ? model
                    : String.format("random %s: d_model %d, %d layers, %d heads (%d kv), ffn %d, vocab %d",
                            arch, dModel, layers, heads, kvHeads, ffn, vocab);
        }

        /** The decoder to measure and what must be closed with it. */
        record Subject(Decoder decoder, AutoCloseable owner) implements AutoCloseable {
            ModelConfig config() {
                return decoder.config();
            }

            @Override
            public void close() throws Exception {
                owner.close();
            }
        }

        /** Applies the runtime options, prints the machine's figures and opens the model. */
        Subject openAndDescribe() {
            Device device = runtime.apply();
            Subject subject = open(device);
            printMachine(device, runtime.threads);
            System.out.println("model: " + describe());
            return subject;
        }

        Subject open(Device device) {
            if (model != null) {
                LanguageModel lm = ModelLoader.load(model, device);
                return new Subject(lm.decoder(), lm);
            }
            Architecture a = Architecture.fromModelType(arch, "--arch");
            if (dModel % heads != 0) {
                throw new IllegalArgumentException("--d-model must be a multiple of --heads");
            }
            ModelConfig c = ModelConfig.builder(a).vocabSize(vocab).hiddenSize(dModel).layers(layers).heads(heads)
                    .kvHeads(a == Architecture.GPT2 ? heads : kvHeads).intermediateSize(ffn).maxPositions(4096)
                    .ropeTheta(10000.0).ropeStyle(RopeStyle.HALF_SPLIT).tiedEmbeddings(a == Architecture.GPT2)
                    .bosId(1).eosIds(List.of(2)).build();
            NDManager m = TorchRuntime.newManager(device);
            Decoder d = new Decoder(c, DecoderWeights.random(c, m, 1), m);
            return new Subject(d, () -> {
                d.close();
                m.close();
            });
        }
    }

    static void printMachine(Device device, int threads) {
        double gflops = MatmulRate.gflops(device, 1024, 5);
        System.out.printf("machine: %d cores, %s, %s threads; float32 matmul %.1f GFLOP/s (1024x1024)%n",
                Runtime.getRuntime().availableProcessors(), device, threads == 0 ? "all" : threads, gflops);
        lastMatmul = gflops;
    }

    private static double lastMatmul;

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Decoding throughput (tokens/s) with the KV cache, and where the time goes.")
    static final class Generate implements Callable<Integer> {
        @Mixin
        ModelFlags flags;

        @Option(names = "--batch", defaultValue = "8", split = ",", paramLabel = "N[,N...]",
                description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
        List<Integer> batches;

        @Option(names = "--prompt-len", defaultValue = "16", description = "Prompt tokens (default: ${DEFAULT-VALUE}).")
        int promptLength;

        @Option(names = "--new-tokens", defaultValue = "64", description = "Generated tokens per row (default: ${DEFAULT-VALUE}).")
        int newTokens;

        @Option(names = "--temperature", defaultValue = "1.0", description = "0 = greedy (default: ${DEFAULT-VALUE}).")
        float temperature;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed runs; the best is shown (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() throws Exception {
            try (ModelFlags.Subject lm = flags.openAndDescribe()) {
                System.out.printf("%6s %10s %10s %9s %9s %9s %9s%n", "batch", "tokens/s", "ms/step", "model%",
                        "sample%", "other%", "%matmul");
                for (int batch : batches) {
                    GenerationBenchmark.Result r = GenerationBenchmark.run(lm.decoder(), batch, promptLength, newTokens,
                            new SamplingSettings(temperature, 0, 1f), repeats, 7);
                    GenerationTimings t = r.best();
                    double total = t.totalNanos();
                    double flops = lm.config().forwardFlopsPerToken(promptLength + newTokens / 2) * t.generatedTokens();
                    System.out.printf("%6d %10.1f %10.2f %8.1f%% %8.1f%% %8.1f%% %8.1f%%%n", batch, r.tokensPerSecond(),
                            total / 1e6 / t.steps(), 100 * t.modelNanos() / total, 100 * t.samplingNanos() / total,
                            100 * t.bookkeepingNanos() / total, 100 * flops / (total / 1e9) / 1e9 / lastMatmul);
                }
                System.out.printf("prompt %d tokens, %d new tokens per row (EOS ignored), temperature %s%n",
                        promptLength, newTokens, temperature);
            }
            return 0;
        }
    }

    @Command(name = "forward", mixinStandardHelpOptions = true,
            description = "Full-sequence throughput: forward alone, and forward + backward (a policy update without the optimizer).")
    static final class Forward implements Callable<Integer> {
        @Mixin
        ModelFlags flags;

        @Option(names = "--batch", defaultValue = "8", description = "Sequences per pass (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = {"--seq-len", "--prompt-len"}, defaultValue = "128", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
        int sequenceLength;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed runs; the best is shown (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() throws Exception {
            try (ModelFlags.Subject lm = flags.openAndDescribe()) {
                ForwardBenchmark.Result r = ForwardBenchmark.run(lm.decoder(), batch, sequenceLength, repeats, 7);
                double flopsPerToken = lm.config().forwardFlopsPerToken(sequenceLength);
                double fwdShare = 100 * flopsPerToken * r.forwardTokensPerSecond() / 1e9 / lastMatmul;
                double trainShare = 100 * 3 * flopsPerToken * r.trainTokensPerSecond() / 1e9 / lastMatmul;
                System.out.printf("batch %d x %d tokens%n", batch, sequenceLength);
                System.out.printf("forward            %8.3f s  %10.1f tokens/s  %5.1f%% of matmul rate%n",
                        r.forwardSeconds(), r.forwardTokensPerSecond(), fwdShare);
                System.out.printf("forward+backward   %8.3f s  %10.1f tokens/s  %5.1f%% of matmul rate%n",
                        r.backwardSeconds(), r.trainTokensPerSecond(), trainShare);
            }
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Update time of DPO and each SAIL variant on one configuration: policy forward+backward,",
                "reference forward, AdamW step; generation timed apart; ratios against DPO and online DPO."})
    static final class Train implements Callable<Integer> {
        @Mixin
        ModelFlags flags;

        @Option(names = "--pairs", defaultValue = "8", description = "Pairs per update (default: ${DEFAULT-VALUE}).")
        int pairs;

        @Option(names = "--prompt-len", defaultValue = "32", description = "Prompt tokens (default: ${DEFAULT-VALUE}).")
        int promptLength;

        @Option(names = "--response-len", defaultValue = "96", description = "Response tokens, dataset and sampled (default: ${DEFAULT-VALUE}).")
        int responseLength;

        @Option(names = "--repeats", defaultValue = "3", description = "Timed updates per variant; the best is shown (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Override
        public Integer call() throws Exception {
            try (ModelFlags.Subject lm = flags.openAndDescribe()) {
                System.out.printf("%d pairs = %d sequences of %d tokens (prompt %d + response %d)%n", pairs, 2 * pairs,
                        promptLength + responseLength, promptLength, responseLength);
                NDManager refManager = TorchRuntime.newManager(lm.decoder().manager().getDevice());
                Decoder reference = new Decoder(lm.config(), DecoderWeights.fromArrays(lm.config(),
                        lm.decoder().weights().toFloatArrays(), refManager), refManager);
                try (reference; refManager) {
                    System.out.printf("%-11s %12s %10s %14s %9s %15s %13s%n", "variant", "generation s", "update s",
                            "update tok/s", "vs dpo", "update vs odpo", "step vs odpo");
                    double dpo = 0;
                    double onlineUpdate = 0;
                    double onlineStep = 0;
                    for (TrainBenchmark.Variant v : TrainBenchmark.standardVariants()) {
                        TrainBenchmark.Result r = TrainBenchmark.run(lm.decoder(), reference, v, pairs, promptLength,
                                responseLength, repeats, 11);
                        if (v.name().equals("dpo")) {
                            dpo = r.updateSeconds();
                        }
                        double step = r.generationSeconds() + r.updateSeconds();
                        if (v.name().equals("online-dpo")) {
                            onlineStep = step;
                            onlineUpdate = r.updateSeconds();
                        }
                        boolean online = r.generationSeconds() > 0;
                        System.out.printf("%-11s %12.3f %10.3f %14.1f %8.2fx %15s %13s%n", v.name(), r.generationSeconds(),
                                r.updateSeconds(), r.updateTokensPerSecond(), r.updateSeconds() / dpo,
                                online && onlineUpdate > 0 ? String.format("%.3fx", r.updateSeconds() / onlineUpdate) : "-",
                                online && onlineStep > 0 ? String.format("%.3fx", step / onlineStep) : "-");
                    }
                }
            }
            return 0;
        }
    }
}
