package ai.sail.eval;

import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.Generation;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.Generator;
import ai.sail.generate.ResponseGenerator;
import ai.sail.model.Decoder;
import ai.sail.model.LanguageModel;
import ai.sail.model.ResponseScorer;
import ai.sail.reward.RewardQuery;
import ai.sail.reward.RewardSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Evaluates policies the way the paper does: sample responses to held-out prompts, score them with a
 * gold reward, compare them one to one with the reference model's responses (win rate), and estimate
 * how far the policy has moved from the reference (KL).
 *
 * <p>Every model is sampled the same way: each prompt repeated {@code samplesPerPrompt} times in a row,
 * rows generated {@code batchSize} at a time from one {@link Random} seeded with {@code seed}. So the
 * i-th policy response and the i-th baseline response answer the same prompt, and a policy identical
 * to the reference draws exactly the baseline's responses (win rate 0.5, KL 0). Results are
 * deterministic given the seed, prompts and batch size.
 *
 * <p>The reference for KL must share the policy's tokenizer: the policy's tokens are scored under it.
 * The evaluator owns neither the models nor the reward source.
 *
 * <p>The policy's responses may come from serving engines instead ({@code policyRollouts}); the
 * baseline is then still sampled in process, so the two no longer share random draws and a policy
 * identical to the reference wins about half the time rather than exactly tying.
 */
public final class Evaluator {
    private final RewardSource reward;
    private final EvalSettings settings;
    private final SamplingProgress progress;
    private final ResponseGenerator policyRollouts;

    public Evaluator(RewardSource reward, EvalSettings settings) {
        this(reward, settings, SamplingProgress.NONE);
    }

    public Evaluator(RewardSource reward, EvalSettings settings, SamplingProgress progress) {
        this(reward, settings, progress, null);
    }

    /**
     * @param policyRollouts where the evaluated policy's responses come from (serving engines), or null
     *     to sample it in process; the caller owns it
     */
    public Evaluator(RewardSource reward, EvalSettings settings, SamplingProgress progress,
            ResponseGenerator policyRollouts) {
        this.reward = Objects.requireNonNull(reward, "reward");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.policyRollouts = policyRollouts;
    }

    public EvalSettings settings() {
        return settings;
    }

    /** The reference model's responses to {@code prompts} and their gold rewards, to reuse for every policy. */
    public Baseline baseline(LanguageModel reference, List<TokenizedPrompt> prompts) {
        List<Generation> responses = sample(reference, inProcess(reference), prompts, "baseline");
        return new Baseline(promptIds(prompts), responses, reward.score(queries(prompts, responses)));
    }

    /**
     * Samples {@code policy}'s responses to {@code prompts} and measures them.
     *
     * @param referenceForKl the model KL is measured to (usually the base model); null to skip KL
     * @param baseline the reference responses to compare against, from {@link #baseline} on the same
     *     prompts with the same settings; null to skip the win rates
     */
    public EvalResult evaluate(LanguageModel policy, Decoder referenceForKl, List<TokenizedPrompt> prompts,
            Baseline baseline) {
        if (baseline != null) {
            requireMatches(baseline, prompts);
        }
        if (referenceForKl != null && referenceForKl.config().vocabSize() != policy.config().vocabSize()) {
            throw new IllegalArgumentException("the reference's vocabulary (" + referenceForKl.config().vocabSize()
                    + ") differs from the policy's (" + policy.config().vocabSize()
                    + "); KL needs a reference with the policy's tokenizer");
        }
        long start = System.nanoTime();
        List<Generation> responses = sample(policy, policyRollouts != null ? policyRollouts : inProcess(policy), prompts,
                "policy");
        long sampled = System.nanoTime();
        double[] rewards = reward.score(queries(prompts, responses));
        double[] policyLogProbs = null;
        double[] referenceLogProbs = null;
        if (referenceForKl != null) {
            List<int[]> promptIds = responses.stream().map(Generation::prompt).toList();
            List<int[]> responseIds = responses.stream().map(Generation::tokens).toList();
            policyLogProbs = new ResponseScorer(policy.decoder()).sequenceLogProbs(promptIds, responseIds, settings.batchSize());
            referenceLogProbs = new ResponseScorer(referenceForKl).sequenceLogProbs(promptIds, responseIds, settings.batchSize());
        }
        long scored = System.nanoTime();
        EvalSamples samples = new EvalSamples(responses, rewards, baseline == null ? null : baseline.rewards(),
                policyLogProbs, referenceLogProbs);
        return EvalResult.of(samples, (sampled - start) / 1e9, (scored - sampled) / 1e9);
    }

    /** {@code samplesPerPrompt} responses per prompt, prompt by prompt, from a fresh stream seeded with the seed. */
    private List<Generation> sample(LanguageModel model, ResponseGenerator generator, List<TokenizedPrompt> prompts,
            String phase) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts to evaluate on");
        }
        List<int[]> rows = new ArrayList<>();
        for (TokenizedPrompt p : prompts) {
            int[] ids = p.prompt();
            for (int k = 0; k < settings.samplesPerPrompt(); k++) {
                rows.add(ids);
            }
        }
        GenerationSettings generation = settings.generation(model.eosIds());
        generator.checkContext(prompts.stream().map(TokenizedPrompt::prompt).toList(), generation);
        Random rng = new Random(settings.seed());
        List<Generation> out = new ArrayList<>(rows.size());
        progress.update(phase, 0, rows.size());
        for (int from = 0; from < rows.size(); from += settings.batchSize()) {
            int to = Math.min(rows.size(), from + settings.batchSize());
            out.addAll(generator.generate(rows.subList(from, to), generation, rng));
            progress.update(phase, to, rows.size());
        }
        return out;
    }

    private static ResponseGenerator inProcess(LanguageModel model) {
        return new Generator(model.decoder(), ids -> model.tokenizer().decode(ids, true));
    }

    /** Query {@code i} pairs response {@code i} with the prompt it answers, as the user wrote it. */
    private List<RewardQuery> queries(List<TokenizedPrompt> prompts, List<Generation> responses) {
        List<RewardQuery> out = new ArrayList<>(responses.size());
        for (int i = 0; i < responses.size(); i++) {
            Generation g = responses.get(i);
            TokenizedPrompt p = prompts.get(i / settings.samplesPerPrompt());
            out.add(new RewardQuery(p.promptText(), g.text(), g.prompt(), g.tokens()));
        }
        return out;
    }

    private static List<int[]> promptIds(List<TokenizedPrompt> prompts) {
        return prompts.stream().map(TokenizedPrompt::prompt).toList();
    }

    private void requireMatches(Baseline baseline, List<TokenizedPrompt> prompts) {
        if (baseline.samplesPerPrompt() != settings.samplesPerPrompt()) {
            throw new IllegalArgumentException("the baseline holds " + baseline.samplesPerPrompt()
                    + " responses per prompt but this evaluation draws " + settings.samplesPerPrompt());
        }
        if (baseline.promptIds().size() != prompts.size()) {
            throw new IllegalArgumentException("the baseline answers " + baseline.promptIds().size()
                    + " prompts but " + prompts.size() + " are evaluated");
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (!Arrays.equals(baseline.promptIds().get(i), prompts.get(i).prompt())) {
                throw new IllegalArgumentException("baseline prompt " + i + " differs from evaluated prompt " + i
                        + " (" + prompts.get(i).origin() + "); build the baseline on the same prompts");
            }
        }
    }
}
