package ai.sail.reward;

import java.util.List;

/**
 * Anything that can say how good a response is: a reward model, a rule, a remote server, the policy's
 * own implicit reward. The labelling and evaluation stages see only this interface, so every source
 * can label SAIL-PR pairs and score evaluations without the caller knowing which one it is.
 *
 * <p>Contract: {@link #score} returns exactly one finite score per query, in query order; higher is
 * better. A source that cannot score (a server down, a model that fails) throws
 * ({@link RewardUnavailableException}, or {@link IllegalStateException} naming the source); it never
 * returns placeholder values, because a silent zero would quietly turn into wrong preference labels.
 */
public interface RewardSource extends AutoCloseable {

    /** One score per query, in order; higher is better. */
    double[] score(List<RewardQuery> queries);

    /** What this source is and how it scores, for logs and reports. */
    String describe();

    /** Frees what the source holds (a loaded model, threads); sources holding nothing do nothing. */
    @Override
    default void close() {}
}
