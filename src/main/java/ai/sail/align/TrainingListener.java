package ai.sail.align;

import ai.sail.model.LanguageModel;

/**
 * Called by the {@link Trainer} before the first update (step 0) and after every update, outside
 * any gradient collector: evaluation curves and other observers live here, not inside the loop.
 */
@FunctionalInterface
public interface TrainingListener {
    void afterStep(int step, LanguageModel policy);
}
