package ai.sail.demo;

import ai.sail.align.TrainingListener;
import ai.sail.data.TokenizedPrompt;
import ai.sail.eval.Baseline;
import ai.sail.eval.EvalResult;
import ai.sail.eval.Evaluator;
import ai.sail.model.Decoder;
import ai.sail.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the policy during training, every {@code every} updates and at the last one, on a small
 * held-out set: gold reward and KL to the base model as curves; at the last update also the full
 * held-out evaluation that fills the final table.
 */
final class CurveRecorder implements TrainingListener {
    private final Evaluator curveEvaluator;
    private final Baseline curveBaseline;
    private final List<TokenizedPrompt> curvePrompts;
    private final Evaluator finalEvaluator;
    private final Baseline finalBaseline;
    private final List<TokenizedPrompt> finalPrompts;
    private final Decoder base;
    private final int every;
    private final int lastStep;
    private final List<Integer> steps = new ArrayList<>();
    private final List<Double> rewards = new ArrayList<>();
    private final List<Double> kls = new ArrayList<>();
    private EvalResult finalResult;

    CurveRecorder(Evaluator curveEvaluator, Baseline curveBaseline, List<TokenizedPrompt> curvePrompts,
            Evaluator finalEvaluator, Baseline finalBaseline, List<TokenizedPrompt> finalPrompts, Decoder base,
            int every, int lastStep) {
        this.curveEvaluator = curveEvaluator;
        this.curveBaseline = curveBaseline;
        this.curvePrompts = curvePrompts;
        this.finalEvaluator = finalEvaluator;
        this.finalBaseline = finalBaseline;
        this.finalPrompts = finalPrompts;
        this.base = base;
        this.every = every;
        this.lastStep = lastStep;
    }

    @Override
    public void afterStep(int step, LanguageModel policy) {
        if (step % every != 0 && step != lastStep) {
            return;
        }
        EvalResult r = curveEvaluator.evaluate(policy, base, curvePrompts, curveBaseline);
        steps.add(step);
        rewards.add(r.meanReward());
        kls.add(r.kl());
        if (step == lastStep) {
            finalResult = finalEvaluator.evaluate(policy, base, finalPrompts, finalBaseline);
        }
    }

    int[] steps() {
        return steps.stream().mapToInt(Integer::intValue).toArray();
    }

    double[] rewards() {
        return rewards.stream().mapToDouble(Double::doubleValue).toArray();
    }

    double[] kls() {
        return kls.stream().mapToDouble(Double::doubleValue).toArray();
    }

    EvalResult finalResult() {
        if (finalResult == null) {
            throw new IllegalStateException("training ended before its last step was evaluated");
        }
        return finalResult;
    }
}
