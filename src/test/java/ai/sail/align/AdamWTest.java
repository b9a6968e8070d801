package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.GradientNorm;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /** Loss sum(w^2 * k) has gradient 2 k w; three steps against the update rule in double precision. */
    @Test
    void threeStepsMatchTheUpdateRuleComputedByHand() {
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-8;
        double wd = 0.01;
        double[] w = {1.0, -2.0, 0.5};
        double[] k = {1.0, 3.0, -1.0};
        double[] m = new double[3];
        double[] v = new double[3];
        try (NDManager mgr = TorchRuntime.newManager(Device.cpu()); AdamW opt = new AdamW(mgr, b1, b2, eps, wd)) {
            NDArray p = mgr.create(new float[] {1f, -2f, 0.5f});
            p.setRequiresGradient(true);
            NDArray kk = mgr.create(new float[] {1f, 3f, -1f});
            for (int t = 1; t <= 3; t++) {
                try (StepScope s = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                    g.backward(p.mul(p).mul(kk).sum());
                }
                opt.step(Map.of("w", p), lr);
                for (int i = 0; i < 3; i++) {
                    double grad = 2 * k[i] * w[i];
                    w[i] *= 1 - lr * wd;
                    m[i] = b1 * m[i] + (1 - b1) * grad;
                    v[i] = b2 * v[i] + (1 - b2) * grad * grad;
                    double mh = m[i] / (1 - Math.pow(b1, t));
                    double vh = v[i] / (1 - Math.pow(b2, t));
                    w[i] -= lr * mh / (Math.sqrt(vh) + eps);
                }
                float[] got = p.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertThat((double) got[i]).as("step %d w[%d]", t, i).isCloseTo(w[i], within(1e-5));
                }
                for (float g : p.getGradient().toFloatArray()) {
                    assertThat(Math.abs(g)).isZero();
                }
            }
            // State round trip: a fresh optimizer restored from the arrays continues identically.
            Map<String, Shape> shapes = new HashMap<>(Map.of("w", new Shape(3)));
            try (AdamW copy = new AdamW(mgr, b1, b2, eps, wd)) {
                copy.restore(opt.stateArrays(), shapes, opt.steps());
                assertThat(copy.stateArrays().get("exp_avg.w")).containsExactly(opt.stateArrays().get("exp_avg.w"));
                assertThat(copy.steps()).isEqualTo(3);
            }
        }
    }

    @Test
    void globalNormClippingScalesAllGradientsTogether() {
        try (NDManager mgr = TorchRuntime.newManager(Device.cpu())) {
            NDArray a = mgr.create(new float[] {1f, 2f});
            NDArray b = mgr.create(new float[] {2f});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (StepScope s = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                // gradients: a -> (3, 0), b -> (4): global norm 5
                g.backward(a.mul(mgr.create(new float[] {3f, 0f})).sum().add(b.mul(mgr.create(new float[] {4f})).sum()));
            }
            double norm = GradientNorm.clip(java.util.List.of(a, b), 1.0);
            assertThat(norm).isCloseTo(5.0, within(1e-6));
            assertThat(a.getGradient().toFloatArray()[0]).isCloseTo(0.6f, within(1e-5f));
            assertThat(b.getGradient().toFloatArray()[0]).isCloseTo(0.8f, within(1e-5f));
        }
    }

    @Test
    void theScheduleWarmsUpThenDecays() {
        LearningRateSchedule linear = new LearningRateSchedule(1.0, 2, 10, LearningRateSchedule.Decay.LINEAR);
        assertThat(linear.at(0)).isEqualTo(0.0);
        assertThat(linear.at(1)).isEqualTo(0.5);
        assertThat(linear.at(2)).isEqualTo(1.0);
        assertThat(linear.at(6)).isEqualTo(0.5);
        assertThat(linear.at(10)).isEqualTo(0.0);
        LearningRateSchedule cosine = new LearningRateSchedule(1.0, 0, 10, LearningRateSchedule.Decay.COSINE);
        assertThat(cosine.at(5)).isCloseTo(0.5, within(1e-12));
        assertThat(new LearningRateSchedule(2.0, 0, 10, LearningRateSchedule.Decay.CONSTANT).at(9)).isEqualTo(2.0);
    }
}
