package ai.sail.reward;

import ai.sail.model.Decoder;
import ai.sail.model.ResponseScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The policy's implicit reward, {@code r(x, y) = beta * (logp_policy(y|x) - logp_ref(y|x))}, where
 * {@code logp(y|x)} is the sum of the response tokens' log-probabilities given the prompt and the
 * tokens before them. It is the reward DPO-style training optimises, so it labels pairs without any
 * external judge and measures how far training has moved the policy on a response.
 *
 * <p>Computed from the queries' token ids (exactly what the policy produced; the texts are not
 * re-tokenised) through {@link ResponseScorer}, the same path the losses use, in batches of
 * {@code batchSize} right-padded rows. Only values are read out; call it outside a gradient collector
 * (as the labelling stage does) so no autograd graph is recorded. Does not own the decoders.
 */
public final class ImplicitReward implements RewardSource {
    private final Decoder policy;
    private final Supplier<Decoder> reference;
    private final double beta;
    private final int batchSize;

    public ImplicitReward(Decoder policy, Decoder reference, double beta, int batchSize) {
        this(policy, supplierOf(reference), beta, batchSize);
    }

    /** With a reference read at every call, so a reference replaced between rounds is followed. */
    public ImplicitReward(Decoder policy, Supplier<Decoder> reference, double beta, int batchSize) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.reference = Objects.requireNonNull(reference, "reference");
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("the implicit reward needs a finite beta > 0, got " + beta);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("implicit reward batch size must be > 0, got " + batchSize);
        }
        this.beta = beta;
        this.batchSize = batchSize;
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        List<int[]> prompts = new ArrayList<>(queries.size());
        List<int[]> responses = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            RewardQuery q = queries.get(i);
            checkIds(q, i);
            prompts.add(q.promptIds());
            responses.add(q.responseIds());
        }
        double[] lp = new ResponseScorer(policy).sequenceLogProbs(prompts, responses, batchSize);
        double[] lr = new ResponseScorer(reference.get()).sequenceLogProbs(prompts, responses, batchSize);
        double[] out = new double[queries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = beta * (lp[i] - lr[i]);
        }
        return out;
    }

    private static Supplier<Decoder> supplierOf(Decoder reference) {
        Objects.requireNonNull(reference, "reference");
        return () -> reference;
    }

    private void checkIds(RewardQuery q, int index) {
        if (q.promptIds().length == 0) {
            throw new IllegalArgumentException("implicit reward: query " + index + " has no prompt token ids"
                    + " (it needs the ids the policy saw, at least BOS; text-only queries cannot be scored)");
        }
        int vocab = Math.min(policy.config().vocabSize(), reference.get().config().vocabSize());
        for (int[] ids : new int[][] {q.promptIds(), q.responseIds()}) {
            for (int id : ids) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("implicit reward: query " + index + " holds token id " + id
                            + ", outside the policy/reference vocabulary of " + vocab);
                }
            }
        }
    }

    @Override
    public String describe() {
        return "implicit reward beta * (logp_policy - logp_reference), beta = " + beta;
    }
}
