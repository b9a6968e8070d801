package ai.sail.demo;

import ai.sail.align.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one comparison ({@code sail demo} or {@code sail sweep}) trains and evaluates, and how long it
 * may take. Built with {@link #builder}, from {@link #standard} or {@link #quick}.
 *
 * @param outputDir run directory: base model, prompts, pairs, one folder per arm and seed, reports
 * @param arms what is compared (methods, or methods with options of their own), each with the same
 *     updates, prompts and seeds
 * @param seeds how many times the comparison is repeated (seeds 1..N); mean and spread are reported
 * @param steps policy updates per arm
 * @param batchSize pairs or prompts per update
 * @param learningRate peak AdamW rate of every arm (constant schedule)
 * @param beta KL strength of every arm
 * @param maxNewTokens tokens per sampled response (training and evaluation)
 * @param trainPrompts prompts used for training at most (drawn from the built-in pool or the user's file)
 * @param evalPrompts held-out prompts for the final evaluation at most
 * @param curvePrompts held-out prompts evaluated during training, for the curves
 * @param evalEvery updates between curve points
 * @param evalSamples responses per held-out prompt in the final evaluation
 * @param curveSamples responses per curve prompt
 * @param model a user's base model instead of the built-in one (null = built in)
 * @param prompts a user's prompt file instead of the built-in story openings (null = built in)
 * @param heldOutPrompts a user's evaluation prompt file (null = held out from {@code prompts})
 * @param reward the gold reward source
 * @param baseModelSteps training updates of the built-in base model
 * @param pairSource how the offline pairs are sampled and labelled
 */
public record DemoSettings(Path outputDir, List<Arm> arms, int seeds, int steps, int batchSize,
        double learningRate, double beta, int maxNewTokens, int trainPrompts, int evalPrompts, int curvePrompts,
        int evalEvery, int evalSamples, int curveSamples, String model, String prompts, String heldOutPrompts,
        String reward, int baseModelSteps, OfflinePairSource pairSource) {

    public static final List<Method> ALL_METHODS = List.of(Method.DPO, Method.ONLINE_DPO, Method.ITERATIVE_DPO,
            Method.SAIL_PR, Method.SAIL_PP, Method.SAIL_DP);

    /** Updates of the built-in base model; the same for the quick and the full demo, so one cache serves both. */
    public static final int BASE_MODEL_STEPS = 700;

    public DemoSettings {
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("--methods: give at least one of " + names(ALL_METHODS));
        }
        for (Arm a : arms) {
            if (!ALL_METHODS.contains(a.method())) {
                throw new IllegalArgumentException("--methods: " + a.method().cliName() + " is not compared by the demo; allowed: "
                        + names(ALL_METHODS));
            }
            if (arms.stream().filter(b -> b.name().equals(a.name())).count() > 1) {
                throw new IllegalArgumentException("--methods/--variant: " + a.name() + " is given twice");
            }
        }
        Objects.requireNonNull(pairSource, "pairSource");
        Objects.requireNonNull(reward, "reward");
        positive("--seeds", seeds);
        positive("--steps", steps);
        positive("--batch-size", batchSize);
        positive("--max-new-tokens", maxNewTokens);
        positive("train prompts", trainPrompts);
        positive("eval prompts", evalPrompts);
        positive("curve prompts", curvePrompts);
        positive("--eval-every", evalEvery);
        positive("--eval-samples", evalSamples);
        positive("--curve-samples", curveSamples);
        positive("base model steps", baseModelSteps);
        if (!(learningRate > 0) || !(beta > 0)) {
            throw new IllegalArgumentException("--learning-rate and --beta must be > 0, got " + learningRate + " and " + beta);
        }
        if (curvePrompts > evalPrompts) {
            throw new IllegalArgumentException("curve prompts must be at most the eval prompts");
        }
        if (heldOutPrompts != null && prompts == null) {
            throw new IllegalArgumentException("--eval-prompts needs --prompts (the built-in prompts are split by the demo)");
        }
    }

    /** The default run: every method, one seed, about two minutes on two cores. */
    public static DemoSettings standard(Path outputDir) {
        return new DemoSettings(outputDir, arms(ALL_METHODS), 1, 200, 16, 1e-4, 0.5, 40, 256, 96, 32, 20, 2, 1,
                null, null, null, "lexicon:sentiment", BASE_MODEL_STEPS, OfflinePairSource.EXACT);
    }

    /** {@code --quick}: fewer updates and prompts, for a first look in about a minute. */
    public static DemoSettings quick(Path outputDir) {
        return new DemoSettings(outputDir, arms(ALL_METHODS), 1, 60, 8, 1e-4, 0.5, 32, 128, 48, 16, 10, 2, 1,
                null, null, null, "lexicon:sentiment", BASE_MODEL_STEPS, OfflinePairSource.EXACT);
    }

    public static List<Arm> arms(List<Method> methods) {
        return methods.stream().map(Arm::of).toList();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    static String names(List<Method> ms) {
        return String.join(",", ms.stream().map(Method::cliName).toList());
    }

    /** Changes to a settings value; {@link #build} validates the result. Null arguments keep the value. */
    public static final class Builder {
        private Path outputDir;
        private List<Arm> arms;
        private int seeds;
        private int steps;
        private int batchSize;
        private double learningRate;
        private double beta;
        private int maxNewTokens;
        private int trainPrompts;
        private int evalPrompts;
        private int curvePrompts;
        private int evalEvery;
        private int evalSamples;
        private int curveSamples;
        private String model;
        private String prompts;
        private String heldOutPrompts;
        private String reward;
        private int baseModelSteps;
        private OfflinePairSource pairSource;

        private Builder(DemoSettings s) {
            outputDir = s.outputDir;
            arms = s.arms;
            seeds = s.seeds;
            steps = s.steps;
            batchSize = s.batchSize;
            learningRate = s.learningRate;
            beta = s.beta;
            maxNewTokens = s.maxNewTokens;
            trainPrompts = s.trainPrompts;
            evalPrompts = s.evalPrompts;
            curvePrompts = s.curvePrompts;
            evalEvery = s.evalEvery;
            evalSamples = s.evalSamples;
            curveSamples = s.curveSamples;
            model = s.model;
            prompts = s.prompts;
            heldOutPrompts = s.heldOutPrompts;
            reward = s.reward;
            baseModelSteps = s.baseModelSteps;
            pairSource = s.pairSource;
        }

        public Builder outputDir(Path v) {
            outputDir = v;
            return this;
        }

        public Builder arms(List<Arm> v) {
            if (v != null) {
                arms = v;
            }
            return this;
        }

        public Builder seeds(Integer v) {
            seeds = v == null ? seeds : v;
            return this;
        }

        /** Also brings the curve interval down so that short runs still have four curve points. */
        public Builder steps(Integer v) {
            if (v != null) {
                steps = v;
                evalEvery = Math.max(1, Math.min(evalEvery, v / 4));
            }
            return this;
        }

        public Builder evalEvery(Integer v) {
            evalEvery = v == null ? evalEvery : v;
            return this;
        }

        public Builder batchSize(Integer v) {
            batchSize = v == null ? batchSize : v;
            return this;
        }

        public Builder learningRate(Double v) {
            learningRate = v == null ? learningRate : v;
            return this;
        }

        public Builder beta(Double v) {
            beta = v == null ? beta : v;
            return this;
        }

        public Builder maxNewTokens(Integer v) {
            maxNewTokens = v == null ? maxNewTokens : v;
            return this;
        }

        public Builder evalSamples(Integer v) {
            evalSamples = v == null ? evalSamples : v;
            return this;
        }

        public Builder curveSamples(Integer v) {
            curveSamples = v == null ? curveSamples : v;
            return this;
        }

        public Builder curvePrompts(Integer v) {
            curvePrompts = v == null ? curvePrompts : v;
            return this;
        }

        public Builder model(String v) {
            model = v == null ? model : v;
            return this;
        }

        /** A prompt file of the user's; with {@code heldOut} its prompts all train and {@code heldOut}'s all evaluate. */
        public Builder prompts(String v, String heldOut) {
            prompts = v == null ? prompts : v;
            heldOutPrompts = heldOut == null ? heldOutPrompts : heldOut;
            if (heldOut != null) {
                trainPrompts = Integer.MAX_VALUE;
                evalPrompts = Integer.MAX_VALUE;
            }
            return this;
        }

        public Builder reward(String v) {
            reward = v == null ? reward : v;
            return this;
        }

        public Builder baseModelSteps(int v) {
            baseModelSteps = v;
            return this;
        }

        public Builder pairSource(OfflinePairSource v) {
            pairSource = v == null ? pairSource : v;
            return this;
        }

        public DemoSettings build() {
            return new DemoSettings(outputDir, arms, seeds, steps, batchSize, learningRate, beta, maxNewTokens,
                    trainPrompts, evalPrompts, Math.min(curvePrompts, evalPrompts), evalEvery, evalSamples, curveSamples,
                    model, prompts, heldOutPrompts, reward, baseModelSteps, pairSource);
        }
    }
}
