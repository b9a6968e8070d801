package ai.sail.align;

import ai.sail.data.TokenizedPair;
import ai.sail.data.TokenizedPrompt;
import ai.sail.model.Decoder;
import ai.sail.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Iterative DPO's examples: the run is cut into rounds; at the start of each, every prompt the round
 * will train on gets K responses from the current policy, scored by the reward source and paired
 * ({@link RoundSampler}); the round then trains offline DPO on those pairs. With
 * {@code refreshReference}, the reference becomes the policy at each round after the first, once the
 * round's pairs are labelled: an implicit reward must compare the policy with the reference it was
 * trained against (right after a refresh the two are equal and every pair would tie).
 */
final class IterativeRounds implements ExampleSource {
    private final RoundSampler sampler;
    private final ReferenceModel reference;
    private final LanguageModel policy;
    private final ExampleStream<TokenizedPrompt> prompts;
    private final int stepsPerRound;
    private final int promptsPerRound;
    private final boolean refreshReference;
    private final long seed;
    private ExampleStream<TokenizedPair> pairs;
    private List<TokenizedPair> roundPairs = List.of();
    private int round = -1;
    private boolean referenceRefreshed;

    /**
     * @param examplesPerStep batch size times gradient accumulation
     */
    IterativeRounds(RoundSampler sampler, ReferenceModel reference, LanguageModel policy, List<TokenizedPrompt> prompts,
            int totalSteps, int rounds, int examplesPerStep, boolean refreshReference, long seed) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("iterative-dpo needs prompts (--prompts or --data)");
        }
        this.sampler = sampler;
        this.reference = reference;
        this.policy = policy;
        this.prompts = new ExampleStream<>(prompts, seed + 1);
        this.stepsPerRound = Math.max(1, (int) Math.ceil((double) totalSteps / rounds));
        this.promptsPerRound = stepsPerRound * examplesPerStep;
        this.refreshReference = refreshReference;
        this.seed = seed;
    }

    @Override
    public double beforeUpdate(int step, RandomStreams rng, StepMetrics metrics) {
        int due = step / stepsPerRound;
        if (due == round && pairs != null) {
            return 0;
        }
        round = due;
        List<TokenizedPrompt> drawn = new ArrayList<>(promptsPerRound);
        for (int i = 0; i < promptsPerRound; i++) {
            drawn.add(prompts.next());
        }
        long t0 = System.nanoTime();
        roundPairs = sampler.pairs(drawn, rng, round, metrics);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (round > 0 && refreshReference) {
            reference.replace(Checkpoints.frozenCopy(policy));
            referenceRefreshed = true;
        }
        pairs = new ExampleStream<>(roundPairs, pairSeed());
        return seconds;
    }

    private long pairSeed() {
        return seed + 7919L * (round + 1);
    }

    @Override
    public Example next(RandomStreams rng) {
        TokenizedPair pair = pairs.next();
        return new Example(Route.OFFLINE, pair, pair.prompt(), pair.promptText(), pair.origin());
    }

    @Override
    public double epoch() {
        return prompts.progress();
    }

    /** The current round's pairs. */
    List<TokenizedPair> roundPairs() {
        return roundPairs;
    }

    @Override
    public ExamplePosition position() {
        return new ExamplePosition(pairs == null ? 0 : pairs.epoch(), pairs == null ? 0 : pairs.index(),
                prompts.epoch(), prompts.index(), round, roundPairs);
    }

    @Override
    public void restore(ExamplePosition p) {
        prompts.seek(p.promptEpoch(), p.promptIndex());
        round = p.round();
        roundPairs = p.roundPairs() == null ? List.of() : p.roundPairs();
        if (!roundPairs.isEmpty()) {
            pairs = new ExampleStream<>(roundPairs, pairSeed());
            pairs.seek(p.pairEpoch(), p.pairIndex());
        }
    }

    @Override
    public Decoder refreshedReference() {
        return referenceRefreshed ? reference.decoder() : null;
    }

    @Override
    public void restoreReference(Decoder refreshed) {
        reference.replace(refreshed);
        referenceRefreshed = true;
    }
}
