package ai.sail.align;

import ai.sail.data.TokenizedPair;
import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.Generation;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.ResponseGenerator;
import ai.sail.report.ProgressBar;
import ai.sail.reward.RewardQuery;
import ai.sail.reward.RewardSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of iterative DPO's data: K responses per prompt from the current policy, scored by the
 * reward source, paired best with worst (or two at random, oriented by their scores). Prompts whose
 * responses all score the same give no pair and are counted.
 */
final class RoundSampler {
    private static final int PROMPTS_PER_CALL = 8;
    private final GenerationSettings sampling;
    private final RewardSource reward;
    private final int samplesPerPrompt;
    private final boolean randomPairs;
    private final PrintStream log;
    private final ResponseGenerator generator;
    private int tiesDropped;

    /** @param generator where the responses come from: the policy in process, or engines serving it */
    RoundSampler(ResponseGenerator generator, GenerationSettings sampling, RewardSource reward,
            int samplesPerPrompt, Pairing pairing, PrintStream log) {
        this.sampling = sampling;
        this.reward = reward;
        this.samplesPerPrompt = samplesPerPrompt;
        this.randomPairs = pairing == Pairing.RANDOM;
        this.log = log;
        this.generator = generator;
    }

    int tiesDropped() {
        return tiesDropped;
    }

    List<TokenizedPair> pairs(List<TokenizedPrompt> prompts, RandomStreams rng, int round, StepMetrics metrics) {
        List<TokenizedPair> out = new ArrayList<>();
        ProgressBar bar = new ProgressBar("round " + (round + 1) + " sampling", prompts.size(), "prompts", log);
        for (int from = 0; from < prompts.size(); from += PROMPTS_PER_CALL) {
            int to = Math.min(prompts.size(), from + PROMPTS_PER_CALL);
            List<int[]> rows = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = from; i < to; i++) {
                for (int k = 0; k < samplesPerPrompt; k++) {
                    rows.add(prompts.get(i).prompt());
                    texts.add(prompts.get(i).promptText());
                }
            }
            List<Generation> samples = generator.generate(rows, sampling, rng.sampling);
            metrics.addRollout(generator);
            List<RewardQuery> queries = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                queries.add(new RewardQuery(texts.get(r), samples.get(r).text(), rows.get(r), samples.get(r).tokens()));
            }
            double[] scores = reward.score(queries);
            for (int i = from; i < to; i++) {
                int base = (i - from) * samplesPerPrompt;
                int[] pick = randomPairs ? randomPair(rng) : bestAndWorst(scores, base);
                double a = scores[base + pick[0]];
                double b = scores[base + pick[1]];
                if (a == b) {
                    tiesDropped++;
                    continue;
                }
                Generation first = samples.get(base + (a > b ? pick[0] : pick[1]));
                Generation second = samples.get(base + (a > b ? pick[1] : pick[0]));
                TokenizedPrompt p = prompts.get(i);
                out.add(new TokenizedPair(p.prompt(), p.promptText(), first.tokens(), second.tokens(),
                        p.origin() + "#round" + (round + 1)));
            }
            bar.update(to);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("iterative DPO round " + (round + 1) + ": every prompt's "
                    + samplesPerPrompt + " responses scored the same under " + reward.describe() + "; no pairs to train on");
        }
        return out;
    }

    private int[] bestAndWorst(double[] scores, int base) {
        int best = 0;
        int worst = 0;
        for (int k = 1; k < samplesPerPrompt; k++) {
            if (scores[base + k] > scores[base + best]) {
                best = k;
            }
            if (scores[base + k] < scores[base + worst]) {
                worst = k;
            }
        }
        return new int[] {best, worst};
    }

    private int[] randomPair(RandomStreams rng) {
        int a = rng.pairing.nextInt(samplesPerPrompt);
        int b = rng.pairing.nextInt(samplesPerPrompt - 1);
        return new int[] {a, b >= a ? b + 1 : b};
    }
}
