package ai.sail.align;

import ai.djl.ndarray.NDArray;
import ai.sail.data.TokenizedPair;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.SamplingSettings;
import ai.sail.model.Decoder;
import ai.sail.reward.RewardQuery;
import ai.sail.reward.RewardSource;
import ai.sail.text.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Update throughput of each method on one configuration: random pairs of fixed length, online
 * responses of fixed length (EOS ignored), a cheap deterministic reward, so that the figures compare
 * the methods' own costs. Generation and update time are reported apart.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    /** A variant to measure: a method and the routing that sends every example down its route. */
    public record Variant(Method method, Routing routing) {}

    public static List<Variant> standardVariants() {
        return List.of(
                new Variant(Method.DPO, Routing.OFFLINE),
                new Variant(Method.SAIL_DP, Routing.dp(1, 0.2)),
                new Variant(Method.ONLINE_DPO, Routing.pr(1, 0)),
                new Variant(Method.SAIL_PR, Routing.pr(1, 0.3)),
                new Variant(Method.SAIL_PP, Routing.pp(1, 0.2)));
    }

    /**
     * The standard variants of the methods named (as on the command line), in the order given; a
     * name without a variant is an error listing those there are.
     */
    public static List<Variant> variants(List<String> methods) {
        List<Variant> out = new ArrayList<>();
        for (String name : methods) {
            Method wanted = ai.sail.config.Choice.parse(Method.class, name, "--methods");
            out.add(standardVariants().stream().filter(v -> v.method() == wanted).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--methods: no benchmark variant of '" + name
                            + "'; measured: " + String.join(",", standardVariants().stream().map(v -> v.method().cliName()).toList()))));
        }
        return out;
    }

    /** Seconds per update, split; tokens are those the update's forward/backward processed. */
    public record Result(Method variant, double generationSeconds, double updateSeconds, long tokens) {
        public double updateTokensPerSecond() {
            return tokens / updateSeconds;
        }
    }

    /**
     * @param pairs pairs per update
     * @param promptLength prompt tokens
     * @param responseLength response tokens (dataset and sampled)
     * @param gradientCheckpointing recompute the blocks in the backward pass, as {@code train} does with it
     */
    public static Result run(Decoder policy, Decoder referenceDecoder, Variant variant, int pairs, int promptLength,
            int responseLength, int repeats, long seed, boolean gradientCheckpointing) {
        Random rng = new Random(seed);
        int vocab = policy.config().vocabSize();
        List<TokenizedPair> data = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            data.add(new TokenizedPair(rng.ints(promptLength, 0, vocab).toArray(), "random",
                    rng.ints(responseLength, 0, vocab).toArray(), rng.ints(responseLength, 0, vocab).toArray(), "pair" + i));
        }
        GenerationSettings sampling = new GenerationSettings(responseLength, new SamplingSettings(1f, 0, 1f),
                Set.of(), List.of(), seed);
        LossSettings loss = new LossSettings(0.1, LossType.SIGMOID, 0, 0, SailForm.EXACT);
        ReferenceModel reference = new ReferenceModel(referenceDecoder, false);
        PolicyStep step = new PolicyStep(policy, reference, new PreferenceLoss(loss), variant.routing(), sampling,
                new TokenSumReward(), new IdTokenizer(vocab), gradientCheckpointing);
        Map<String, NDArray> params = policy.weights().trainable(); // the adapters alone under LoRA
        double bestGeneration = Double.MAX_VALUE;
        double bestUpdate = Double.MAX_VALUE;
        policy.weights().requireGradients(true);
        try (AdamW optimizer = new AdamW(policy.manager(), 0.9, 0.999, 1e-8, 0)) {
            RandomStreams streams = new RandomStreams(seed);
            for (int r = 0; r <= repeats; r++) { // run 0 warms up
                List<Example> batch = new ArrayList<>();
                for (TokenizedPair p : data) {
                    Route route = variant.routing().r() > 0 ? Route.DP : variant.routing().p() > 0 ? Route.PP
                            : variant.routing().g() > 0 ? Route.PR : Route.OFFLINE;
                    batch.add(new Example(route, p, p.prompt(), p.promptText(), p.origin()));
                }
                StepMetrics metrics = new StepMetrics();
                long t0 = System.nanoTime();
                step.run(batch, streams, 1f, metrics, r + 1);
                optimizer.step(params, 1e-6);
                double total = (System.nanoTime() - t0) / 1e9;
                Map<String, Object> m = metrics.snapshotAndClear();
                double generation = ((Number) m.getOrDefault("time/generation_s", 0.0)).doubleValue();
                if (r > 0) {
                    bestGeneration = Math.min(bestGeneration, generation);
                    bestUpdate = Math.min(bestUpdate, total - generation);
                }
            }
        } finally {
            policy.weights().requireGradients(false);
        }
        long tokens = 2L * pairs * (promptLength + responseLength);
        return new Result(variant.method(), bestGeneration, bestUpdate, tokens);
    }

    /** Reward = sum of token ids mod 997: deterministic, nearly never tied, free to compute. */
    private static final class TokenSumReward implements RewardSource {
        @Override
        public double[] score(List<RewardQuery> queries) {
            return queries.stream().mapToDouble(q -> Arrays.stream(q.responseIds()).sum() % 997).toArray();
        }

        @Override
        public String describe() {
            return "token-sum (benchmark)";
        }
    }

    /** Ids as text, for a random-weight model that has no tokenizer. */
    private record IdTokenizer(int vocab) implements TextTokenizer {
        @Override
        public int[] encode(String text, boolean addSpecialTokens) {
            throw new UnsupportedOperationException("a random-weight benchmark model has no tokenizer");
        }

        @Override
        public String decode(int[] ids, boolean skipSpecialTokens) {
            return Arrays.toString(ids);
        }

        @Override
        public String tokenText(int id) {
            return Integer.toString(id);
        }

        @Override
        public int vocabSize() {
            return vocab;
        }

        @Override
        public java.util.OptionalInt bosId() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public Set<Integer> eosIds() {
            return Set.of();
        }

        @Override
        public java.util.OptionalInt padId() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public Map<String, Integer> specialTokens() {
            return Map.of();
        }
    }
}
