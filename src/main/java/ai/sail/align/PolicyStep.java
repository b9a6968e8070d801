package ai.sail.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.sail.generate.Generation;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.Generator;
import ai.sail.generate.ResponseGenerator;
import ai.sail.model.ActivationCheckpoints;
import ai.sail.model.Decoder;
import ai.sail.model.ForwardPass;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.report.MetricNames;
import ai.sail.reward.RewardQuery;
import ai.sail.reward.RewardSource;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import ai.sail.text.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One micro-batch of the SAIL objective, in the order of the pipeline: sample two responses for the
 * examples routed online, label them (reward source for PR; the policy itself for DP and PP, after
 * its forward pass), score every pair under the policy (with gradient) and the reference, build the
 * loss, check it, and backpropagate. Gradients accumulate; the caller steps the optimizer.
 */
public final class PolicyStep {
    private final Decoder policy;
    private final ReferenceModel reference;
    private final PreferenceLoss loss;
    private final Routing routing;
    private final ResponseGenerator generator;
    private final GenerationSettings sampling;
    private final RewardSource reward;
    private final TextTokenizer tokenizer;
    private final boolean gradientCheckpointing;

    public PolicyStep(Decoder policy, ReferenceModel reference, PreferenceLoss loss, Routing routing,
            GenerationSettings sampling, RewardSource reward, TextTokenizer tokenizer) {
        this(policy, reference, loss, routing, sampling, reward, tokenizer, false);
    }

    /** @param gradientCheckpointing recompute the blocks in the backward pass ({@link ActivationCheckpoints}) */
    public PolicyStep(Decoder policy, ReferenceModel reference, PreferenceLoss loss, Routing routing,
            GenerationSettings sampling, RewardSource reward, TextTokenizer tokenizer, boolean gradientCheckpointing) {
        this(policy, reference, loss, routing, sampling, reward, tokenizer, gradientCheckpointing,
                new Generator(policy, ids -> tokenizer.decode(ids, true)));
    }

    /** @param generator where online responses come from: the policy in process, or engines serving it */
    public PolicyStep(Decoder policy, ReferenceModel reference, PreferenceLoss loss, Routing routing,
            GenerationSettings sampling, RewardSource reward, TextTokenizer tokenizer, boolean gradientCheckpointing,
            ResponseGenerator generator) {
        this.gradientCheckpointing = gradientCheckpointing;
        this.policy = policy;
        this.reference = reference;
        this.loss = loss;
        this.routing = routing;
        this.sampling = sampling;
        this.reward = reward;
        this.tokenizer = tokenizer;
        this.generator = generator;
    }

    /**
     * A pair ready for scoring: prompt, two responses, route, the reward source's orientation, and
     * whether the reward source tied them (kept only when the loss needs ties, {@link LossSettings#keepsTies}).
     */
    private record Pair(Example example, int[] first, int[] second, float orientation, boolean tied) {}

    /**
     * Runs one micro-batch and backpropagates {@code lossScale} times its loss.
     *
     * @return the number of pairs that reached the loss (ties from the reward source are dropped, or
     *     kept with only their sampling term when a baseline needs them)
     */
    public int run(List<Example> examples, RandomStreams rng, float lossScale, StepMetrics metrics, int step) {
        long t0 = System.nanoTime();
        List<Pair> pairs = samplePairs(examples, rng, metrics);
        long t1 = System.nanoTime();
        metrics.count(MetricNames.TIME_GENERATION, (t1 - t0) / 1e9);
        if (pairs.isEmpty()) {
            return 0;
        }
        int n = pairs.size();
        List<int[]> prompts = new ArrayList<>();
        List<int[]> firsts = new ArrayList<>();
        List<int[]> seconds = new ArrayList<>();
        List<Boolean> cacheable = new ArrayList<>();
        for (Pair p : pairs) {
            prompts.add(p.example().prompt());
            firsts.add(p.first());
            seconds.add(p.second());
            cacheable.add(!p.example().route().sampled());
        }
        float[][] ref = reference.score(prompts, firsts, seconds, cacheable);

        try (StepScope scope = new StepScope(); GradientCollector collector = TorchRuntime.engine().newGradientCollector();
                ForwardPass forward = ForwardPass.forTraining(policy, gradientCheckpointing)) {
            Backpropagated done;
            // The loss's own activations (the output head's above all) are dead once its backward has run:
            // freed here, before a checkpointed pass recomputes the blocks.
            try (StepScope head = StepScope.part()) {
                done = backpropagateLoss(pairs, prompts, firsts, seconds, ref, rng, metrics, lossScale, step, forward,
                        collector);
            }
            forward.backwardRest(collector);
            record(metrics, done.result(), pairs, done.pf(), done.ps(), done.terms(), done.value());
        }
        metrics.count(MetricNames.TIME_UPDATE, (System.nanoTime() - t1) / 1e9);
        return n;
    }

    /** What the loss's backward leaves for the metrics. */
    private record Backpropagated(PreferenceLoss.Result result, float[] pf, float[] ps, PairTerms terms, float value) {}

    /** Scores every pair under the policy, builds the loss, checks it and backpropagates it to {@code forward}. */
    private Backpropagated backpropagateLoss(List<Pair> pairs, List<int[]> prompts, List<int[]> firsts,
            List<int[]> seconds, float[][] ref, RandomStreams rng, StepMetrics metrics, float lossScale, int step,
            ForwardPass forward, GradientCollector collector) {
        int n = pairs.size();
        List<int[]> rowPrompts = new ArrayList<>(prompts);
        rowPrompts.addAll(prompts);
        List<int[]> rows = new ArrayList<>(firsts);
        rows.addAll(seconds);
        NDArray sequence = new ResponseScorer(policy, forward)
                .score(ScoringBatch.promptAndResponse(rowPrompts, rows), policy.manager()).sequence(); // [2N]
        NDArray policyFirst = sequence.get(new NDIndex("0:{}", n));
        NDArray policySecond = sequence.get(new NDIndex("{}:", n));
        float[] pf = policyFirst.toFloatArray();
        float[] ps = policySecond.toFloatArray();

        PairTerms terms = terms(pairs, pf, ps, ref, rng, metrics);
        var m = policy.manager();
        PairScores scores = new PairScores(policyFirst, policySecond, m.create(ref[0]), m.create(ref[1]),
                m.create(lengths(firsts)), m.create(lengths(seconds)));
        PreferenceLoss.Result result = loss.compute(scores, terms, policy.constants());
        float value = result.total().getFloat();
        if (!Float.isFinite(value)) {
            throw new TrainingDivergedException(DivergenceReport.forLoss(step, value, result, originsOf(pairs)));
        }
        collector.backward(result.objective(lossScale, policy.constants()));
        return new Backpropagated(result, pf, ps, terms, value);
    }

    private List<Pair> samplePairs(List<Example> examples, RandomStreams rng, StepMetrics metrics) {
        List<Example> online = examples.stream().filter(e -> e.route().sampled()).toList();
        List<Generation> samples = List.of();
        if (!online.isEmpty()) {
            List<int[]> twice = new ArrayList<>();
            for (Example e : online) {
                twice.add(e.prompt());
                twice.add(e.prompt());
            }
            samples = generator.generate(twice, sampling, rng.sampling);
            metrics.addRollout(generator);
            for (Generation g : samples) {
                metrics.add(MetricNames.RESPONSE_LENGTH, g.tokens().length);
                metrics.add(MetricNames.EOS_SHARE, g.endedWithEos() ? 1 : 0);
            }
        }
        double[] rewards = rewardsOfPrSamples(online, samples);
        List<Pair> pairs = new ArrayList<>();
        int k = 0;
        int pr = 0;
        for (Example e : examples) {
            metrics.count(routeMetric(e.route()), 1);
            if (!e.route().sampled()) {
                pairs.add(new Pair(e, e.pair().chosen(), e.pair().rejected(), 1f, false));
                continue;
            }
            Generation a = samples.get(2 * k);
            Generation b = samples.get(2 * k + 1);
            k++;
            float orientation = 1f;
            if (e.route() == Route.PR) {
                double ra = rewards[2 * pr];
                double rb = rewards[2 * pr + 1];
                pr++;
                metrics.add(MetricNames.REWARD_MEAN, (ra + rb) / 2);
                if (ra == rb) {
                    // No preference: no DPO term. Under a baseline its sampling term is not 0 (SailBaseline).
                    metrics.count(MetricNames.TIES_DROPPED, 1);
                    if (loss.settings().keepsTies()) {
                        pairs.add(new Pair(e, a.tokens(), b.tokens(), 1f, true));
                    }
                    continue;
                }
                metrics.add(MetricNames.REWARD_MARGIN, Math.abs(ra - rb));
                orientation = ra > rb ? 1f : -1f;
            }
            pairs.add(new Pair(e, a.tokens(), b.tokens(), orientation, false));
        }
        return pairs;
    }

    /** Reward-source scores of the PR examples' samples, two per example, in order. */
    private double[] rewardsOfPrSamples(List<Example> online, List<Generation> samples) {
        List<RewardQuery> queries = new ArrayList<>();
        for (int i = 0; i < online.size(); i++) {
            if (online.get(i).route() != Route.PR) {
                continue;
            }
            String prompt = online.get(i).promptText();
            for (int j = 0; j < 2; j++) {
                Generation g = samples.get(2 * i + j);
                queries.add(new RewardQuery(prompt, g.text(), online.get(i).prompt(), g.tokens()));
            }
        }
        if (queries.isEmpty()) {
            return new double[0];
        }
        double[] scores = reward.score(queries);
        for (double s : scores) {
            if (!Double.isFinite(s)) {
                throw new IllegalStateException("reward source " + reward.describe() + " returned " + s);
            }
        }
        return scores;
    }

    /** Orientation (reward source for PR, Bernoulli self-labelling for DP/PP) and coefficients. */
    private PairTerms terms(List<Pair> pairs, float[] pf, float[] ps, float[][] ref, RandomStreams rng,
            StepMetrics metrics) {
        int n = pairs.size();
        float[] orientation = new float[n];
        float[] labelCoef = new float[n];
        float[] sampleCoef = new float[n];
        boolean[] tied = new boolean[n];
        double beta = loss.settings().beta();
        for (int i = 0; i < n; i++) {
            Pair p = pairs.get(i);
            Route route = p.example().route();
            orientation[i] = p.orientation();
            tied[i] = p.tied();
            if (route.policyLabelled()) {
                double h = loss.margin(pf[i], ref[0][i], ps[i], ref[1][i], p.first().length, p.second().length);
                boolean keep = firstPreferred(beta, h, rng.labels.nextDouble());
                orientation[i] = keep ? 1f : -1f;
                metrics.add(MetricNames.LABEL_SWAPS, keep ? 0 : 1);
            }
            switch (route) {
                case DP -> labelCoef[i] = (float) routing.rho();
                case PP -> {
                    labelCoef[i] = (float) routing.piCoef();
                    sampleCoef[i] = (float) routing.piCoef();
                }
                case PR -> sampleCoef[i] = (float) routing.gamma();
                case OFFLINE -> { }
            }
        }
        return new PairTerms(orientation, labelCoef, sampleCoef, tied);
    }

    /**
     * The policy's own label of a pair with margin {@code h} (first response preferred), from a uniform
     * draw {@code u}: P(first preferred) = sigmoid(beta h) under its Bradley-Terry model.
     */
    static boolean firstPreferred(double beta, double h, double u) {
        return u < 1 / (1 + Math.exp(-beta * h));
    }

    /**
     * TRL's metrics, plus SAIL's. The implicit rewards and log-probabilities follow the labels the loss
     * used; {@code rewards/accuracies} is measured against the labels that came from outside the policy
     * (the dataset's order, or the reward source for sampled pairs), as the authors log it, so it does
     * not count the policy agreeing with itself. Pairs whose only label is the policy's own (SAIL-PP)
     * have no external label and are left out of it. {@code labels/agreement} is the share of
     * self-labelled pairs whose margin agrees with the label the policy drew. {@code loss} is the
     * preference loss alone, comparable across methods; {@code loss/total} the whole surrogate. Tied
     * pairs (kept under a baseline) have no preference: they count only in {@code loss/sail_sample}
     * and the token count.
     */
    private void record(StepMetrics metrics, PreferenceLoss.Result r, List<Pair> pairs, float[] pf, float[] ps,
            PairTerms terms, float total) {
        metrics.add(MetricNames.LOSS_TOTAL, total);
        for (int i = 0; i < pairs.size(); i++) {
            metrics.count(MetricNames.TOKENS, pairs.get(i).first().length + pairs.get(i).second().length
                    + 2L * pairs.get(i).example().prompt().length);
            if (pairs.get(i).tied()) {
                continue;
            }
            boolean firstWins = terms.orientation()[i] > 0;
            double chosenReward = firstWins ? r.rewardFirst()[i] : r.rewardSecond()[i];
            double rejectedReward = firstWins ? r.rewardSecond()[i] : r.rewardFirst()[i];
            metrics.add(MetricNames.REWARDS_CHOSEN, chosenReward);
            metrics.add(MetricNames.REWARDS_REJECTED, rejectedReward);
            metrics.add(MetricNames.REWARDS_MARGINS, chosenReward - rejectedReward);
            Route route = pairs.get(i).example().route();
            if (route != Route.PP) {
                // The external label: the dataset's order (offline, DP) or the reward source's (PR).
                float external = pairs.get(i).orientation();
                double externalMargin = r.h()[i] * terms.orientation()[i] * external;
                metrics.add(MetricNames.REWARDS_ACCURACIES, externalMargin > 0 ? 1 : 0);
            }
            if (route.policyLabelled()) {
                metrics.add(MetricNames.LABEL_AGREEMENT, r.h()[i] > 0 ? 1 : 0);
            }
            metrics.add(MetricNames.LOGPS_CHOSEN, firstWins ? pf[i] : ps[i]);
            metrics.add(MetricNames.LOGPS_REJECTED, firstWins ? ps[i] : pf[i]);
        }
        metrics.addAll(MetricNames.LOSS, preferenceOnly(r.base(), terms));
        metrics.addAll(MetricNames.LOSS_LABEL, preferenceOnly(r.label(), terms));
        metrics.addAll(MetricNames.LOSS_SAMPLE, r.sample());
        metrics.addAll(MetricNames.LOSS_NLL, preferenceOnly(r.nll(), terms));
    }

    /** The entries of the pairs that carry a preference (all of them unless ties were kept). */
    private static float[] preferenceOnly(float[] values, PairTerms terms) {
        float[] out = new float[terms.preferencePairs()];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (!terms.tied()[i]) {
                out[k++] = values[i];
            }
        }
        return out;
    }

    private static String routeMetric(Route r) {
        return switch (r) {
            case OFFLINE -> MetricNames.ROUTE_OFFLINE;
            case DP -> MetricNames.ROUTE_DP;
            case PP -> MetricNames.ROUTE_PP;
            case PR -> MetricNames.ROUTE_PR;
        };
    }

    private static float[] lengths(List<int[]> responses) {
        float[] out = new float[responses.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(1, responses.get(i).length);
        }
        return out;
    }

    private static List<String> originsOf(List<Pair> pairs) {
        return pairs.stream().map(p -> p.example().origin() + " (" + p.example().route() + ")").toList();
    }

}
