package ai.sail.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.tensor.GradientNorm;
import ai.sail.tensor.StepScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW with decoupled weight decay, step for step as {@code torch.optim.AdamW}:
 * {@code p *= 1 - lr*wd; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}.
 *
 * <p>Hand-written because an exact resume needs the moments, which DJL's optimizer keeps private,
 * and because DJL's update must run where its lazily created state survives (djl-notes, hazard 4).
 * Runs outside any gradient collector; zeroes the gradients after each step (hazard 5).
 */
public final class AdamW implements AutoCloseable {
    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private int steps;

    public AdamW(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs 0 <= beta1, beta2 < 1, eps > 0, weight-decay >= 0");
        }
        this.manager = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    public int steps() {
        return steps;
    }

    /** Applies one update with learning rate {@code lr} to every parameter, then zeroes the gradients. */
    public void step(Map<String, NDArray> parameters, double lr) {
        steps++;
        double bias1 = 1 - Math.pow(beta1, steps);
        double bias2 = 1 - Math.pow(beta2, steps);
        float stepSize = (float) (lr / bias1);
        float sqrtBias2 = (float) Math.sqrt(bias2);
        try (StepScope s = new StepScope()) {
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                // One part per parameter: its temporaries (g * (1 - b1), g^2, the denominator, the
                // update) are freed before the next parameter's are made. Kept to the step's end, they
                // were four copies of the model: 8 GiB at Qwen2.5-0.5B's size in full fine-tuning.
                try (StepScope part = StepScope.part()) {
                    update(e.getKey(), e.getValue(), lr, stepSize, sqrtBias2);
                }
            }
        }
        GradientNorm.zero(parameters.values());
    }

    /** One parameter's AdamW update, in place: {@code p}, and its moments. */
    private void update(String name, NDArray p, double lr, float stepSize, float sqrtBias2) {
        NDArray g = p.getGradient();
        NDArray m = first.computeIfAbsent(name, k -> StepScope.unscoped(manager.zeros(p.getShape())));
        NDArray v = second.computeIfAbsent(name, k -> StepScope.unscoped(manager.zeros(p.getShape())));
        if (weightDecay > 0) {
            p.muli((float) (1 - lr * weightDecay));
        }
        m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        NDArray denominator = v.sqrt().divi(sqrtBias2).addi((float) eps);
        p.subi(m.div(denominator).muli(stepSize));
    }

    /** Moments and step count, for a checkpoint: {@code exp_avg.<name>}, {@code exp_avg_sq.<name>}. */
    public Map<String, float[]> stateArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        first.forEach((k, a) -> out.put("exp_avg." + k, a.toFloatArray()));
        second.forEach((k, a) -> out.put("exp_avg_sq." + k, a.toFloatArray()));
        return out;
    }

    /** Restores what {@link #stateArrays} saved. */
    public void restore(Map<String, float[]> arrays, Map<String, Shape> shapes, int stepCount) {
        steps = stepCount;
        arrays.forEach((key, values) -> {
            boolean isFirst = key.startsWith("exp_avg.");
            String name = key.substring(isFirst ? "exp_avg.".length() : "exp_avg_sq.".length());
            Shape shape = shapes.get(name);
            if (shape == null) {
                throw new IllegalArgumentException("optimizer state names unknown parameter " + name);
            }
            NDArray a = StepScope.unscoped(manager.create(values, shape));
            (isFirst ? first : second).put(name, a);
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
