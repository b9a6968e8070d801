package ai.sail.generate;

/**
 * What one call to a serving engine measured.
 *
 * @param logprobDrift mean absolute difference, per token, between the engine's log-probabilities of
 *     the sampled tokens and Sail's own (NaN when no token had both): near 0 when the engine serves the
 *     policy's current weights with matching numerics
 * @param comparedTokens tokens the drift is averaged over
 * @param policyLag policy updates between the served weights and the current policy, at the worst
 *     sample of the call
 * @param seconds wall time from the first request out to the last answer in
 * @param scoringSeconds time Sail spent scoring the samples with its own policy
 * @param tokens response tokens received
 */
public record RolloutStats(double logprobDrift, long comparedTokens, long policyLag, double seconds,
        double scoringSeconds, long tokens) {

    /** This and {@code other} together: drift averaged over both calls' compared tokens, the larger lag. */
    public RolloutStats plus(RolloutStats other) {
        long compared = comparedTokens + other.comparedTokens;
        double drift = compared == 0 ? Double.NaN
                : ((comparedTokens == 0 ? 0 : logprobDrift * comparedTokens)
                        + (other.comparedTokens == 0 ? 0 : other.logprobDrift * other.comparedTokens)) / compared;
        return new RolloutStats(drift, compared, Math.max(policyLag, other.policyLag), seconds + other.seconds,
                scoringSeconds + other.scoringSeconds, tokens + other.tokens);
    }

    /** Engine tokens per second of engine time (requests out to answers in). */
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }
}
