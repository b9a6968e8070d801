package ai.sail.align;

import ai.sail.config.Choice;

/**
 * Learning rate as a pure function of the number of updates already made, like the Python trainers'
 * schedulers: linear warm-up from 0 over {@code warmupSteps}, then constant, linear decay to 0, or
 * cosine decay to 0 at {@code totalSteps}.
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, Decay decay) {

    /** What follows the warm-up. */
    public enum Decay implements Choice {
        CONSTANT, LINEAR, COSINE
    }

    public LearningRateSchedule {
        if (!(peak >= 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("learning-rate must be >= 0, got " + peak);
        }
        if (warmupSteps < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("warmup steps must be >= 0 and total steps >= 1");
        }
    }

    /** The rate for the update that follows {@code done} earlier updates. */
    public double at(int done) {
        if (done < warmupSteps) {
            return peak * done / Math.max(1, warmupSteps);
        }
        double progress = (double) (done - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        progress = Math.min(1, progress);
        return switch (decay) {
            case CONSTANT -> peak;
            case LINEAR -> peak * (1 - progress);
            case COSINE -> peak * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }
}
