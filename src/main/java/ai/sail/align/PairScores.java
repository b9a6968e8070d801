package ai.sail.align;

import ai.djl.ndarray.NDArray;

/**
 * Sequence log-probabilities of N pairs, each {@code [N]}: the policy's (in the graph when training)
 * and the reference's (constants), plus the response lengths in tokens for per-token terms.
 * "First" and "second" are the responses as the batch holds them; which one is preferred is decided
 * by {@link PairTerms#orientation()}.
 */
public record PairScores(NDArray policyFirst, NDArray policySecond, NDArray refFirst, NDArray refSecond,
        NDArray firstTokens, NDArray secondTokens) {}
