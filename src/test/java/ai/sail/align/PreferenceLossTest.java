package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.sail.GcPressure;
import ai.sail.tensor.Constants;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each loss and its gradient against closed forms written here in double precision, and against
 * central finite differences of those closed forms; the SAIL terms' gradients against the formulas
 * of the algorithm note, for both forms.
 */
class PreferenceLossTest {
    // Three pairs: logp_pi(y1), logp_pi(y2), logp_ref(y1), logp_ref(y2), token counts.
    static final float[] PF = {-12.0f, -30.5f, -7.25f};
    static final float[] PS = {-14.5f, -29.0f, -9.0f};
    static final float[] RF = {-12.5f, -31.0f, -8.0f};
    static final float[] RS = {-13.0f, -28.0f, -9.5f};
    static final float[] NF = {6, 11, 4};
    static final float[] NS = {7, 10, 5};
    static final double BETA = 0.3;

    NDManager m;
    Constants c;

    @BeforeEach
    void open() {
        m = TorchRuntime.newManager(Device.cpu());
        c = new Constants(m);
    }

    @AfterEach
    void close() {
        c.close();
        m.close();
    }

    static double logSig(double x) {
        return -Math.log1p(Math.exp(-x));
    }

    static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * Closed-form per-pair loss (without the batch mean) for the given policy logps. IPO's margin is
     * built from per-token averages, as TRL computes it: (pf - rf) / |y1| - (ps - rs) / |y2|.
     */
    static double closedForm(LossSettings s, PairTerms t, int i, double pf, double ps) {
        double h = s.type() == LossType.IPO
                ? t.orientation()[i] * ((pf - RF[i]) / NF[i] - (ps - RS[i]) / NS[i])
                : t.orientation()[i] * ((pf - RF[i]) - (ps - RS[i]));
        double z = s.beta() * h;
        double eps = s.labelSmoothing();
        double base = switch (s.type()) {
            case SIGMOID -> -(1 - eps) * logSig(z) - eps * logSig(-z);
            case ROBUST -> ((1 - eps) * -logSig(z) + eps * logSig(-z)) / (1 - 2 * eps);
            case HINGE -> Math.max(0, 1 - z);
            case IPO -> Math.pow(h - 1 / (2 * s.beta()), 2);
        };
        double l = logSig(z);
        double label = -t.labelCoef()[i] * 0.5 * l * l;
        boolean firstPreferred = t.orientation()[i] > 0;
        double nll = -s.nllCoef() * (firstPreferred ? pf / NF[i] : ps / NS[i]);
        return base + label + nll;
    }

    record Run(double loss, float[] gradFirst, float[] gradSecond) {}

    Run run(LossSettings s, PairTerms t) {
        return run(s, t, 1, 1f);
    }

    /**
     * {@code microBatches} accumulated backward passes of the same pairs, each of
     * {@code objective(lossScale)}, as the trainer runs gradient accumulation.
     */
    Run run(LossSettings s, PairTerms t, int microBatches, float lossScale) {
        NDArray pf = m.create(PF);
        NDArray ps = m.create(PS);
        pf.setRequiresGradient(true);
        ps.setRequiresGradient(true);
        double loss;
        try (StepScope scope = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
            PairScores scores = new PairScores(pf, ps, m.create(RF), m.create(RS), m.create(NF), m.create(NS));
            loss = new PreferenceLoss(s).compute(scores, t, c).total().getFloat();
            for (int k = 0; k < microBatches; k++) {
                NDArray objective = new PreferenceLoss(s).compute(scores, t, c).objective(lossScale, c);
                GcPressure.apply();
                g.backward(objective);
            }
        }
        return new Run(loss, pf.getGradient().toFloatArray(), ps.getGradient().toFloatArray());
    }

    static final PairTerms MIXED = new PairTerms(new float[] {1, -1, 1}, new float[] {0.2f, 0f, 0.4f},
            new float[] {0f, 0f, 0f});

    @ParameterizedTest
    @EnumSource(LossType.class)
    void eachLossMatchesItsClosedFormAndFiniteDifferences(LossType type) {
        double eps = type == LossType.SIGMOID || type == LossType.ROBUST ? 0.1 : 0;
        LossSettings s = new LossSettings(BETA, type, eps, 0.05, SailForm.EXACT);
        Run r = run(s, MIXED);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += closedForm(s, MIXED, i, PF[i], PS[i]) / 3;
        }
        assertThat(r.loss()).isCloseTo(expected, within(1e-5));
        for (int i = 0; i < 3; i++) {
            int k = i;
            double fdFirst = finiteDifference(x -> closedForm(s, MIXED, k, x, PS[k]) / 3, PF[i]);
            double fdSecond = finiteDifference(x -> closedForm(s, MIXED, k, PF[k], x) / 3, PS[i]);
            assertThat((double) r.gradFirst()[i]).as("d/dlogp(y1) pair %d", i).isCloseTo(fdFirst, within(1e-5));
            assertThat((double) r.gradSecond()[i]).as("d/dlogp(y2) pair %d", i).isCloseTo(fdSecond, within(1e-5));
        }
    }

    @Test
    void dpoGradientHasTheTextbookForm() {
        // d(-log sigmoid(beta h))/d logp(y_w) = -beta (1 - sigmoid(beta h)), mean over 3 pairs.
        LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT);
        Run r = run(s, PairTerms.offline(3));
        for (int i = 0; i < 3; i++) {
            double h = (PF[i] - RF[i]) - (PS[i] - RS[i]);
            double g = -BETA * (1 - sig(BETA * h)) / 3;
            assertThat((double) r.gradFirst()[i]).isCloseTo(g, within(1e-6));
            assertThat((double) r.gradSecond()[i]).isCloseTo(-g, within(1e-6));
        }
    }

    @Test
    void sailTermsInTheExactFormHaveTheNotesGradients() {
        // Label term -c/2 l^2 adds -c l beta (1 - s) * orientation to d/dlogp(y1);
        // sampling term -c sg(l)(logp1 + logp2) adds -c l to both.
        float[] cl = {0.2f, 0.3f, 0f};
        float[] cs = {0.2f, 0f, 0.3f};
        PairTerms t = new PairTerms(new float[] {1, -1, 1}, cl, cs);
        LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT);
        Run r = run(s, t);
        for (int i = 0; i < 3; i++) {
            double o = t.orientation()[i];
            double h = o * ((PF[i] - RF[i]) - (PS[i] - RS[i]));
            double l = logSig(BETA * h);
            double dBase = -BETA * (1 - sig(BETA * h)); // d(-l)/dh
            double dLabel = -cl[i] * l * BETA * (1 - sig(BETA * h)); // d(-c/2 l^2)/dh
            double dSample = -cs[i] * l;
            double first = ((dBase + dLabel) * o + dSample) / 3;
            double second = (-(dBase + dLabel) * o + dSample) / 3;
            assertThat((double) r.gradFirst()[i]).as("pair %d first", i).isCloseTo(first, within(1e-6));
            assertThat((double) r.gradSecond()[i]).as("pair %d second", i).isCloseTo(second, within(1e-6));
        }
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double h = t.orientation()[i] * ((PF[i] - RF[i]) - (PS[i] - RS[i]));
            double l = logSig(BETA * h);
            expected += (-l - cl[i] * 0.5 * l * l - cs[i] * l * (PF[i] + PS[i])) / 3;
        }
        assertThat(r.loss()).isCloseTo(expected, within(1e-4));
    }

    @Test
    void sailSamplingTermInTheReferenceCodeFormMatchesTheAuthorsHook() {
        // The hook adds -c sg(l) / sg(logp(y)) to dL/dlogp(y), not divided by the batch size.
        float[] cs = {0.3f, 0.3f, 0f};
        PairTerms t = new PairTerms(new float[] {1, 1, -1}, new float[3], cs);
        LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.REFERENCE_CODE);
        Run r = run(s, t);
        for (int i = 0; i < 3; i++) {
            double o = t.orientation()[i];
            double h = o * ((PF[i] - RF[i]) - (PS[i] - RS[i]));
            double l = logSig(BETA * h);
            double dBase = -BETA * (1 - sig(BETA * h)) / 3;
            double first = dBase * o - cs[i] * l / PF[i];
            double second = -dBase * o - cs[i] * l / PS[i];
            assertThat((double) r.gradFirst()[i]).as("pair %d first", i).isCloseTo(first, within(1e-6));
            assertThat((double) r.gradSecond()[i]).as("pair %d second", i).isCloseTo(second, within(1e-6));
        }
    }

    @Test
    void ipoAveragesTheLogRatiosPerTokenAsTrlDoes() {
        // IPO: h = (pf - rf)/|y1| - (ps - rs)/|y2|, loss (h - 1/(2 beta))^2, written out for pair 0.
        LossSettings s = new LossSettings(BETA, LossType.IPO, 0, 0, SailForm.EXACT);
        Run r = run(s, PairTerms.offline(3));
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double h = (PF[i] - RF[i]) / NF[i] - (PS[i] - RS[i]) / NS[i];
            expected += Math.pow(h - 1 / (2 * BETA), 2) / 3;
            double dh = 2 * (h - 1 / (2 * BETA)) / 3;
            assertThat((double) r.gradFirst()[i]).isCloseTo(dh / NF[i], within(1e-5));
            assertThat((double) r.gradSecond()[i]).isCloseTo(-dh / NS[i], within(1e-5));
        }
        assertThat(r.loss()).isCloseTo(expected, within(1e-5));
        assertThat(new PreferenceLoss(s).margin(PF[0], RF[0], PS[0], RS[0], 6, 7)).isCloseTo(0.5 / 6 + 1.5 / 7, within(1e-9));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 4})
    void theReferenceCodeHookIsNotDividedByGradientAccumulation(int accumulation) {
        // The authors divide their loss by the accumulation steps, then the hook adds -c sg(l)/sg(logp)
        // to dL/dlogp in every micro-batch: after `accumulation` micro-batches of the same pairs, the
        // DPO part sums to one batch mean and the hook part to `accumulation` hooks.
        float[] cs = {0.3f, 0.3f, 0f};
        PairTerms t = new PairTerms(new float[] {1, 1, -1}, new float[3], cs);
        LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.REFERENCE_CODE);
        Run r = run(s, t, accumulation, 1f / accumulation);
        for (int i = 0; i < 3; i++) {
            double o = t.orientation()[i];
            double h = o * ((PF[i] - RF[i]) - (PS[i] - RS[i]));
            double l = logSig(BETA * h);
            double dBase = -BETA * (1 - sig(BETA * h)) / 3;
            double first = dBase * o - accumulation * cs[i] * l / PF[i];
            double second = -dBase * o - accumulation * cs[i] * l / PS[i];
            assertThat((double) r.gradFirst()[i]).as("pair %d first", i).isCloseTo(first, within(1e-6));
            assertThat((double) r.gradSecond()[i]).as("pair %d second", i).isCloseTo(second, within(1e-6));
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 4})
    void theExactFormIsDividedByGradientAccumulationAsAWhole(int accumulation) {
        float[] cl = {0.2f, 0f, 0.1f};
        float[] cs = {0.3f, 0.3f, 0f};
        PairTerms t = new PairTerms(new float[] {1, -1, 1}, cl, cs);
        LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT);
        Run once = run(s, t);
        Run accumulated = run(s, t, accumulation, 1f / accumulation);
        for (int i = 0; i < 3; i++) {
            assertThat(accumulated.gradFirst()[i]).isCloseTo(once.gradFirst()[i], within(1e-6f));
            assertThat(accumulated.gradSecond()[i]).isCloseTo(once.gradSecond()[i], within(1e-6f));
        }
    }

    static double finiteDifference(DoubleUnaryOperator f, double x) {
        double h = 1e-4;
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }
}
