package ai.sail.tensor;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} does it: one norm over all
 * parameters' gradients, every gradient scaled by {@code max / (norm + 1e-6)} when the norm exceeds
 * {@code max}. DJL's own {@code clipGrad} clips each element separately, which is a different
 * operation (djl-notes, hazard 5). Runs outside any gradient collector.
 */
public final class GradientNorm {
    private GradientNorm() {}

    /** The L2 norm of all gradients together. */
    public static double of(Collection<NDArray> parameters) {
        double sum = 0;
        try (StepScope s = new StepScope()) {
            for (NDArray p : parameters) {
                // One part per parameter: its squared gradient is freed before the next is made, so the
                // norm costs one parameter's worth of memory, not a copy of every gradient.
                try (StepScope part = StepScope.part()) {
                    sum += p.getGradient().square().sum().getFloat();
                }
            }
        }
        return Math.sqrt(sum);
    }

    /** Scales gradients so their global norm is at most {@code max}; returns the norm before clipping. */
    public static double clip(Collection<NDArray> parameters, double max) {
        double norm = of(parameters);
        if (max > 0 && norm > max && Double.isFinite(norm)) {
            float scale = (float) (max / (norm + 1e-6));
            try (StepScope s = new StepScope()) {
                for (NDArray p : parameters) {
                    p.getGradient().muli(scale);
                }
            }
        }
        return norm;
    }

    /** Sets every gradient to zero (gradients accumulate across collectors until cleared). */
    public static void zero(Collection<NDArray> parameters) {
        try (StepScope s = new StepScope()) {
            for (NDArray p : parameters) {
                p.getGradient().muli(0f);
            }
        }
    }
}
