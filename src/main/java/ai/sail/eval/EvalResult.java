package ai.sail.eval;

import ai.sail.report.Stat;

/**
 * One policy's evaluation, summarised. Metrics that need a baseline (win rates) or a reference (KL)
 * are NaN when it had none; reports print them as n/a. See {@link EvalMetrics} for each formula.
 *
 * @param meanReward mean gold reward of the policy's responses
 * @param winRate hard win rate against the baseline's matched responses (ties 0.5)
 * @param softWinRate mean {@code sigmoid(r(y) - r(y_ref))} over the same pairs
 * @param kl Monte-Carlo KL(policy || reference) per response, in nats
 * @param meanLength mean response length in tokens (EOS included when generated)
 * @param eosShare share of responses that ended with EOS rather than at the token limit
 * @param samples how many responses were drawn
 * @param generationSeconds wall time spent sampling the policy's responses
 * @param scoringSeconds wall time spent on gold rewards and log-probabilities
 * @param rewardSd sample standard deviation of the gold reward over responses (NaN for one response)
 * @param klPerToken the KL estimate per generated token
 * @param distinct1 unique unigrams / unigrams over all responses (EOS left out)
 * @param distinct2 unique bigrams / bigrams over all responses (EOS left out)
 * @param perSample what was measured per response
 */
public record EvalResult(double meanReward, double winRate, double softWinRate, double kl, double meanLength,
        double eosShare, int samples, double generationSeconds, double scoringSeconds, double rewardSd,
        double klPerToken, double distinct1, double distinct2, EvalSamples perSample) {

    /** The summary of {@code s}: every metric computed from the per-response values alone. */
    public static EvalResult of(EvalSamples s, double generationSeconds, double scoringSeconds) {
        double[] rewards = s.rewards();
        int[] lengths = s.lengths();
        return new EvalResult(
                EvalMetrics.meanReward(rewards),
                s.hasBaseline() ? EvalMetrics.winRate(rewards, s.baselineRewards()) : Double.NaN,
                s.hasBaseline() ? EvalMetrics.softWinRate(rewards, s.baselineRewards()) : Double.NaN,
                s.hasReference() ? EvalMetrics.klEstimate(s.policyLogProbs(), s.referenceLogProbs()) : Double.NaN,
                EvalMetrics.meanLength(lengths),
                EvalMetrics.eosShare(s.endedWithEos()),
                s.size(),
                generationSeconds,
                scoringSeconds,
                Stat.of(rewards).sd(),
                s.hasReference() ? EvalMetrics.klPerToken(s.policyLogProbs(), s.referenceLogProbs(), lengths) : Double.NaN,
                EvalMetrics.distinctN(s.contentTokens(), 1),
                EvalMetrics.distinctN(s.contentTokens(), 2),
                s);
    }

    /** Mean and spread of the gold reward over responses. */
    public Stat reward() {
        return Stat.of(perSample.rewards());
    }
}
