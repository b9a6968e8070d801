package ai.sail.generate;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Where sampled responses come from: Sail's own {@link Generator} (the default, in this process) or
 * serving engines over HTTP ({@link RemoteGenerator}). Generation, evaluation and every training route
 * that samples take this interface, so choosing an engine changes where tokens are drawn and nothing
 * else: each {@link Generation} carries Sail's own log-probabilities of its tokens either way.
 */
public interface ResponseGenerator extends AutoCloseable {

    /**
     * One response per prompt. Randomness comes from {@code rng} (a trainer passes its own stream so that
     * a resumed run continues it): the in-process sampler draws tokens from it, an engine gets request
     * seeds drawn from it. Messages number {@code prompts.get(0)} as prompt {@code firstNumber}.
     */
    List<Generation> generate(List<int[]> prompts, GenerationSettings settings, Random rng, int firstNumber);

    /** As {@link #generate(List, GenerationSettings, Random, int)}, numbering the prompts from 1. */
    default List<Generation> generate(List<int[]> prompts, GenerationSettings settings, Random rng) {
        return generate(prompts, settings, rng, 1);
    }

    /** One response per prompt, drawn with a fresh random stream from {@code settings.seed()}. */
    default List<Generation> generate(List<int[]> prompts, GenerationSettings settings) {
        return generate(prompts, settings, new Random(settings.seed()));
    }

    /**
     * Checks that every prompt fits in the model's context with its new tokens, numbering them from 1,
     * without generating: a caller that generates many prompts in batches refuses a long one before the
     * first batch rather than after the batches before it.
     */
    void checkContext(List<int[]> prompts, GenerationSettings settings);

    /** Timings of the last {@link #generate} call, or null before the first. */
    GenerationTimings lastTimings();

    /** What the last call measured about an engine's samples; empty for the in-process sampler. */
    default Optional<RolloutStats> lastRollout() {
        return Optional.empty();
    }

    /**
     * The trainer's policy has taken update {@code version} (1 for the first). The in-process sampler
     * always samples the current weights and ignores it; an engine counts how far its served weights
     * lag behind.
     */
    default void policyUpdated(long version) {}

    /** Where samples come from, for logs. */
    String describe();

    @Override
    default void close() {}
}
