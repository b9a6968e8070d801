package ai.sail.align;

import ai.sail.model.Decoder;

/**
 * Where a run's examples come from, already routed. {@link RoutedExamples} draws each example's
 * route as it goes (offline DPO and the SAIL routes); {@link IterativeRounds} samples a whole round
 * of pairs up front and trains offline on them. The trainer sees only this interface.
 */
interface ExampleSource {

    /**
     * Called before each update, with the number of updates done; returns the seconds spent sampling
     * ahead of it (a new round), else 0. Sampling ahead adds its rollout measurements to {@code metrics}.
     */
    double beforeUpdate(int step, RandomStreams rng, StepMetrics metrics);

    /** The next routed example. */
    Example next(RandomStreams rng);

    /** Passes over the data so far, for the log. */
    double epoch();

    /** Where the source stands, for a checkpoint. */
    ExamplePosition position();

    /** Continues from a checkpoint's position. */
    void restore(ExamplePosition position);

    /** The reference when the source replaced it (iterative DPO's refresh), else null. */
    default Decoder refreshedReference() {
        return null;
    }

    /** Resuming: the checkpoint's copy of a refreshed reference. */
    default void restoreReference(Decoder refreshed) {
        throw new IllegalStateException("this run never refreshes its reference");
    }
}
