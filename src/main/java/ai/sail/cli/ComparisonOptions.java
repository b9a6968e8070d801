package ai.sail.cli;

import ai.sail.align.Method;
import ai.sail.demo.Arm;
import ai.sail.demo.DemoSettings;
import ai.sail.demo.OfflinePairSource;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a method comparison, shared by {@code sail demo} (built-in model, prompts and reward)
 * and {@code sail sweep} (the user's): what is compared, over how many seeds, with what budget, and
 * how the offline pairs are made. Unset options keep the command's defaults.
 */
final class ComparisonOptions {
    @Option(names = "--seeds", paramLabel = "N",
            description = "Repeat the comparison with seeds 1..N and report mean and spread (default: 1, 3 with demo --full).")
    Integer seeds;

    @Option(names = "--methods", split = ",", paramLabel = "M[,M...]",
            description = "Methods to compare (default: dpo,online-dpo,iterative-dpo,sail-pr,sail-pp,sail-dp).")
    List<String> methods;

    @Option(names = "--variant", paramLabel = "M:KEY=V[:KEY=V...]",
            description = "Also compare this method with training options of its own, keys as in sail train's configuration"
                    + " file, e.g. sail-pr:sail-baseline=none or dpo:beta=0.1 (repeatable; the text names the arm and its folder).")
    List<String> variants;

    @Option(names = "--steps", paramLabel = "N", description = "Policy updates per arm (default: 200, 60 with demo --quick).")
    Integer steps;

    @Option(names = "--batch-size", paramLabel = "N", description = "Pairs or prompts per update (default: 16, 8 with demo --quick).")
    Integer batchSize;

    @Option(names = "--learning-rate", paramLabel = "X", description = "Learning rate of every arm, constant (default: 1e-4).")
    Double learningRate;

    @Option(names = "--beta", paramLabel = "X", description = "KL strength of every arm (default: 0.5).")
    Double beta;

    @Option(names = "--max-new-tokens", paramLabel = "N", description = "Tokens per sampled response (default: 40, 32 with demo --quick).")
    Integer maxNewTokens;

    @Option(names = "--eval-samples", paramLabel = "N", description = "Responses per held-out prompt in the final evaluation (default: 2).")
    Integer evalSamples;

    @Option(names = "--curve-samples", paramLabel = "N", description = "Responses per prompt in the evaluations along training (default: 1).")
    Integer curveSamples;

    @Option(names = "--curve-prompts", paramLabel = "N", description = "Held-out prompts evaluated along training (default: 32, 16 with demo --quick).")
    Integer curvePrompts;

    @Option(names = "--eval-every", paramLabel = "N", description = "Updates between evaluations along training (default: 20, 10 with demo --quick).")
    Integer evalEvery;

    @Option(names = "--eval-prompts", paramLabel = "FILE",
            description = "Held-out prompts of your own (with --prompts, which then all train); default: a share of --prompts is held out.")
    String evalPrompts;

    @Option(names = "--label-noise", paramLabel = "X",
            description = "Label the offline pairs by a noisy Bradley-Terry draw on the gold reward, P = sigmoid(dR / X),"
                    + " as noisy human labels are; 0 = the higher reward wins (default: 0).")
    Double labelNoise;

    @Option(names = "--pair-temperature", paramLabel = "T",
            description = "Sampling temperature of the base model that writes the offline pairs (default: 1.0).")
    Double pairTemperature;

    /** The arms named by --methods (or every method) and then --variant, in that order; null when neither is given. */
    List<Arm> arms() {
        if (methods == null && variants == null) {
            return null;
        }
        List<Arm> arms = new ArrayList<>();
        if (methods != null) {
            methods.forEach(m -> arms.add(Arm.of(Method.parse(m))));
        } else {
            arms.addAll(DemoSettings.arms(DemoSettings.ALL_METHODS));
        }
        if (variants != null) {
            variants.forEach(v -> arms.add(Arm.parse(v)));
        }
        return arms;
    }

    /** These options over {@code base}'s values. */
    DemoSettings.Builder applyTo(DemoSettings.Builder b, DemoSettings base) {
        OfflinePairSource pairs = base.pairSource();
        return b.arms(arms())
                .seeds(seeds)
                .steps(steps)
                .evalEvery(evalEvery)
                .batchSize(batchSize)
                .learningRate(learningRate)
                .beta(beta)
                .maxNewTokens(maxNewTokens)
                .evalSamples(evalSamples)
                .curveSamples(curveSamples)
                .curvePrompts(curvePrompts)
                .pairSource(new OfflinePairSource(pairTemperature == null ? pairs.temperature() : pairTemperature,
                        labelNoise == null ? pairs.labelNoise() : labelNoise));
    }
}
