package ai.sail.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * djl-notes hazard 1: a Java number inside a graph is freed before backward. With every constant from
 * {@link Constants}, a forced GC between forward and backward must leave gradients exact.
 */
class ConstantsGradientTest {

    @Test
    void gradientsSurviveAGcBetweenForwardAndBackward() {
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); Constants c = new Constants(m)) {
            for (int trial = 0; trial < 10; trial++) {
                NDArray v = m.create(new float[] {1f, -2f, 0.5f});
                v.setRequiresGradient(true);
                try (StepScope s = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                    // y = sum(3 v + v^2 / 4 + 1): dy/dv = 3 + v / 2
                    NDArray y = v.mul(c.scalar(3f)).add(v.mul(v).div(c.scalar(4f))).add(c.scalar(1f)).sum();
                    ai.sail.GcPressure.apply();
                    g.backward(y);
                }
                float[] grad = v.getGradient().toFloatArray();
                assertThat(grad[0]).isCloseTo(3.5f, within(1e-6f));
                assertThat(grad[1]).isCloseTo(2f, within(1e-6f));
                assertThat(grad[2]).isCloseTo(3.25f, within(1e-6f));
                v.close();
            }
        }
    }

    @Test
    void aScalarIsCachedOncePerValue() {
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); Constants c = new Constants(m)) {
            assertThat(c.scalar(0.5f)).isSameAs(c.scalar(0.5f));
            assertThat(c.scalar(0.5f).getFloat()).isEqualTo(0.5f);
        }
    }

    @Test
    void aStepScopeFreesWhatItDoesNotKeep() {
        try (NDManager m = TorchRuntime.newManager(Device.cpu())) {
            NDArray kept;
            NDArray dropped;
            try (StepScope s = new StepScope()) {
                dropped = m.create(new float[] {1f});
                kept = s.keep(m.create(new float[] {2f}));
            }
            assertThat(dropped.isReleased()).isTrue();
            assertThat(kept.isReleased()).isFalse();
            assertThat(kept.getFloat()).isEqualTo(2f);
        }
    }
}
