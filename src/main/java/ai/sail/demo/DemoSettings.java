package ai.sail.demo;

import ai.sail.align.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code sail demo} run compares and how long it may take.
 *
 * @param outputDir run directory: base model, prompts, pairs, one folder per method and seed, reports
 * @param methods methods compared, each with the same updates, prompts and seed
 * @param seeds how many times the comparison is repeated (seeds 1..N); mean and spread are reported
 * @param steps policy updates per method
 * @param batchSize pairs or prompts per update
 * @param learningRate peak AdamW rate of every method
 * @param beta KL strength of every method
 * @param maxNewTokens tokens per sampled response (training and evaluation)
 * @param trainPrompts prompts used for training (drawn from the built-in pool or the user's file)
 * @param evalPrompts held-out prompts for the final evaluation
 * @param curvePrompts held-out prompts evaluated during training, for the curves
 * @param evalEvery updates between curve points
 * @param model a user's base model instead of the built-in one (null = built in)
 * @param prompts a user's prompt file instead of the built-in story openings (null = built in)
 * @param reward the gold reward source
 * @param baseModelSteps training updates of the built-in base model
 * @param pairSource how the offline pairs are sampled and labelled
 */
public record DemoSettings(Path outputDir, List<Method> methods, int seeds, int steps, int batchSize,
        double learningRate, double beta, int maxNewTokens, int trainPrompts, int evalPrompts, int curvePrompts,
        int evalEvery, String model, String prompts, String reward, int baseModelSteps, OfflinePairSource pairSource) {

    public static final List<Method> ALL_METHODS = List.of(Method.DPO, Method.ONLINE_DPO, Method.ITERATIVE_DPO,
            Method.SAIL_PR, Method.SAIL_PP, Method.SAIL_DP);

    /** Updates of the built-in base model; the same for the quick and the full demo, so one cache serves both. */
    public static final int BASE_MODEL_STEPS = 700;

    public DemoSettings {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("--methods: give at least one of " + names(ALL_METHODS));
        }
        for (Method m : methods) {
            if (!ALL_METHODS.contains(m)) {
                throw new IllegalArgumentException("--methods: " + m.cliName() + " is not compared by the demo; allowed: "
                        + names(ALL_METHODS));
            }
        }
        java.util.Objects.requireNonNull(pairSource, "pairSource");
        positive("--seeds", seeds);
        positive("--steps", steps);
        positive("batch size", batchSize);
        positive("max new tokens", maxNewTokens);
        positive("train prompts", trainPrompts);
        positive("eval prompts", evalPrompts);
        positive("curve prompts", curvePrompts);
        positive("eval every", evalEvery);
        positive("base model steps", baseModelSteps);
        if (curvePrompts > evalPrompts) {
            throw new IllegalArgumentException("curve prompts must be at most the eval prompts");
        }
    }

    /** The default run: every method, one seed, about ten minutes on two cores. */
    public static DemoSettings standard(Path outputDir) {
        return new DemoSettings(outputDir, ALL_METHODS, 1, 200, 16, 1e-4, 0.5, 40, 256, 96, 32, 20,
                null, null, "lexicon:sentiment", BASE_MODEL_STEPS, OfflinePairSource.EXACT);
    }

    /** {@code --quick}: fewer updates and prompts, for a first look in about three minutes. */
    public static DemoSettings quick(Path outputDir) {
        return new DemoSettings(outputDir, ALL_METHODS, 1, 60, 8, 1e-4, 0.5, 32, 128, 48, 16, 10,
                null, null, "lexicon:sentiment", BASE_MODEL_STEPS, OfflinePairSource.EXACT);
    }

    public DemoSettings withMethods(List<Method> m) {
        return new DemoSettings(outputDir, m, seeds, steps, batchSize, learningRate, beta, maxNewTokens, trainPrompts,
                evalPrompts, curvePrompts, evalEvery, model, prompts, reward, baseModelSteps, pairSource);
    }

    public DemoSettings withSeeds(int n) {
        return new DemoSettings(outputDir, methods, n, steps, batchSize, learningRate, beta, maxNewTokens, trainPrompts,
                evalPrompts, curvePrompts, evalEvery, model, prompts, reward, baseModelSteps, pairSource);
    }

    public DemoSettings withSteps(int n) {
        return new DemoSettings(outputDir, methods, seeds, n, batchSize, learningRate, beta, maxNewTokens, trainPrompts,
                evalPrompts, curvePrompts, Math.max(1, Math.min(evalEvery, n / 4)), model, prompts, reward,
                baseModelSteps, pairSource);
    }

    public DemoSettings withOptimisation(Double lr, Double kl) {
        return new DemoSettings(outputDir, methods, seeds, steps, batchSize, lr == null ? learningRate : lr,
                kl == null ? beta : kl, maxNewTokens, trainPrompts, evalPrompts, curvePrompts, evalEvery, model, prompts,
                reward, baseModelSteps, pairSource);
    }

    public DemoSettings withSources(String userModel, String userPrompts, String userReward) {
        return new DemoSettings(outputDir, methods, seeds, steps, batchSize, learningRate, beta, maxNewTokens,
                trainPrompts, evalPrompts, curvePrompts, evalEvery, userModel, userPrompts,
                userReward == null ? reward : userReward, baseModelSteps, pairSource);
    }

    /** Offline pairs from the base model at {@code temperature}, labelled with {@code labelNoise} (see {@link OfflinePairSource}). */
    public DemoSettings withPairSource(double temperature, double labelNoise) {
        return new DemoSettings(outputDir, methods, seeds, steps, batchSize, learningRate, beta, maxNewTokens,
                trainPrompts, evalPrompts, curvePrompts, evalEvery, model, prompts, reward, baseModelSteps,
                new OfflinePairSource(temperature, labelNoise));
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    static String names(List<Method> ms) {
        return String.join(",", ms.stream().map(Method::cliName).toList());
    }
}
