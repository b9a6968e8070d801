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
        return run(s, t, microBatches, lossScale, PF, PS, RF, RS, NF, NS);
    }

    Run run(LossSettings s, PairTerms t, float[] policyFirst, float[] policySecond, float[] refFirst,
            float[] refSecond, float[] firstTokens, float[] secondTokens) {
        return run(s, t, 1, 1f, policyFirst, policySecond, refFirst, refSecond, firstTokens, secondTokens);
    }

    Run run(LossSettings s, PairTerms t, int microBatches, float lossScale, float[] policyFirst, float[] policySecond,
            float[] refFirst, float[] refSecond, float[] firstTokens, float[] secondTokens) {
        NDArray pf = m.create(policyFirst);
        NDArray ps = m.create(policySecond);
        pf.setRequiresGradient(true);
        ps.setRequiresGradient(true);
        double loss;
        try (StepScope scope = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
            PairScores scores = new PairScores(pf, ps, m.create(refFirst), m.create(refSecond), m.create(firstTokens),
                    m.create(secondTokens));
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

    @Test
    void eachBaselineHasItsHandComputedValue() {
        // Four pairs; pair 0 is not sampled (cS = 0). Rewards r (l, or 0 for a tie) and log-ratios a1, a2.
        float[] reward = {-1f, -2f, -4f, -0.5f};
        float[] a1 = {0f, 0.5f, -1f, 1.5f};
        float[] a2 = {0f, -0.5f, 1f, 0.5f};
        float[] cs = {0f, 0.3f, 0.3f, 0.2f};
        SailBaseline.Values none = SailBaseline.NONE.values(reward, a1, a2, cs, 1.0);
        SailBaseline.Values mean = SailBaseline.BATCH_MEAN.values(reward, a1, a2, cs, 1.0);
        SailBaseline.Values loo = SailBaseline.LEAVE_ONE_OUT.values(reward, a1, a2, cs, 1.0);
        SailBaseline.Values pair = SailBaseline.PAIR.values(reward, a1, a2, cs, 1.0);
        assertThat(none.first()).containsExactly(0, 0, 0, 0);
        // batch-mean: (-2 - 4 - 0.5) / 3 for every sampled pair, itself included.
        assertThat(mean.first()).containsExactly(new double[] {0, -6.5 / 3, -6.5 / 3, -6.5 / 3}, within(1e-12));
        assertThat(mean.second()).containsExactly(mean.first(), within(0.0));
        // leave-one-out: the mean of the two other sampled pairs.
        assertThat(loo.first()).containsExactly(new double[] {0, -2.25, -1.25, -3}, within(1e-12));
        assertThat(loo.second()).containsExactly(loo.first(), within(0.0));
        // pair: f(x) = 1/2 [log sigmoid(x) + log sigmoid(-x)] (beta 1); hbar = mean log-ratio of the other
        // sampled pairs' responses: 0.5 for pairs 1 and 2, 0 for pair 3. y1's baseline uses a2, y2's a1.
        // Pair 1: f(0.5 + 0.5) = f(1) = -0.8132617, f(0.5 - 0.5) = log 1/2. Pair 2: f(-0.5), f(1.5).
        // Pair 3: f(-0.5), f(-1.5). f(+-0.5) = -0.7240770, f(+-1.5) = -0.9514133.
        assertThat(pair.first()).containsExactly(new double[] {0, -0.8132617, -0.7240770, -0.7240770}, within(1e-7));
        assertThat(pair.second()).containsExactly(new double[] {0, Math.log(0.5), -0.9514133, -0.9514133}, within(1e-7));
        // A single sampled pair has no other: leave-one-out and pair's hbar fall back to 0.
        float[] one = {0f, 0f, 0f, 0.3f};
        assertThat(SailBaseline.LEAVE_ONE_OUT.values(reward, a1, a2, one, 1.0).first()).containsExactly(0, 0, 0, 0);
        assertThat(SailBaseline.PAIR.values(reward, a1, a2, one, 1.0).first()[3])
                .isCloseTo(0.5 * (logSig(-0.5) + logSig(0.5)), within(1e-12));
    }

    // Four pairs for the baselines through the loss: 0 offline, 1 SAIL-PR, 2 SAIL-PR tied, 3 SAIL-PP.
    static final float[] PF4 = {-12.0f, -30.5f, -7.25f, -20.0f};
    static final float[] PS4 = {-14.5f, -29.0f, -9.0f, -18.5f};
    static final float[] RF4 = {-12.5f, -31.0f, -8.0f, -21.0f};
    static final float[] RS4 = {-13.0f, -28.0f, -9.5f, -18.0f};
    static final float[] NF4 = {6, 11, 4, 8};
    static final float[] NS4 = {7, 10, 5, 9};
    static final PairTerms FOUR = new PairTerms(new float[] {1, -1, 1, 1}, new float[] {0f, 0f, 0f, 0.2f},
            new float[] {0f, 0.3f, 0.3f, 0.2f}, new boolean[] {false, false, true, false});

    @ParameterizedTest
    @EnumSource(SailBaseline.class)
    void theSamplingTermSubtractsEachBaselineAndWeighsATieAsTheBatchWithoutIt(SailBaseline baseline) {
        for (boolean lengthNorm : new boolean[] {false, true}) {
            LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT, baseline, lengthNorm);
            Run r = run(s, FOUR, PF4, PS4, RF4, RS4, NF4, NS4);
            double[] l = new double[4];
            double[] a1 = new double[4];
            double[] a2 = new double[4];
            double[] reward = new double[4];
            for (int i = 0; i < 4; i++) {
                a1[i] = PF4[i] - RF4[i];
                a2[i] = PS4[i] - RS4[i];
                l[i] = logSig(BETA * FOUR.orientation()[i] * (a1[i] - a2[i]));
                reward[i] = FOUR.tied()[i] ? 0 : l[i];
            }
            // Sampled pairs 1, 2, 3; the baselines written out.
            double[] b1 = new double[4];
            double[] b2 = new double[4];
            for (int i = 1; i < 4; i++) {
                switch (baseline) {
                    case NONE -> { }
                    case BATCH_MEAN -> b1[i] = b2[i] = (reward[1] + reward[2] + reward[3]) / 3;
                    case LEAVE_ONE_OUT -> b1[i] = b2[i] = (reward[1] + reward[2] + reward[3] - reward[i]) / 2;
                    case PAIR -> {
                        double hbar = (a1[1] + a2[1] + a1[2] + a2[2] + a1[3] + a2[3] - a1[i] - a2[i]) / 4;
                        b1[i] = 0.5 * (logSig(BETA * (hbar - a2[i])) + logSig(-BETA * (hbar - a2[i])));
                        b2[i] = 0.5 * (logSig(BETA * (hbar - a1[i])) + logSig(-BETA * (hbar - a1[i])));
                    }
                }
            }
            // Three preference pairs: weight 1/3 each; the tie weighs 1/(3 + 1).
            double[] w = {1.0 / 3, 1.0 / 3, 1.0 / 4, 1.0 / 3};
            for (int i = 0; i < 4; i++) {
                double o = FOUR.orientation()[i];
                double z = BETA * o * (a1[i] - a2[i]);
                double dh = FOUR.tied()[i] ? 0 : -BETA * (1 - sig(z)) * (1 + FOUR.labelCoef()[i] * l[i]); // d(-l - cL/2 l^2)/dh
                double cs = FOUR.sampleCoef()[i];
                double first = w[i] * (dh * o - cs * (reward[i] - b1[i]) / (lengthNorm ? NF4[i] : 1));
                double second = w[i] * (-dh * o - cs * (reward[i] - b2[i]) / (lengthNorm ? NS4[i] : 1));
                assertThat((double) r.gradFirst()[i]).as("%s norm %s pair %d first", baseline, lengthNorm, i)
                        .isCloseTo(first, within(1e-6));
                assertThat((double) r.gradSecond()[i]).as("%s norm %s pair %d second", baseline, lengthNorm, i)
                        .isCloseTo(second, within(1e-6));
            }
        }
    }

    @Test
    void withoutTiesTheBaselineLeavesTheDpoAndLabelPartsAlone() {
        // Same pairs, no tie: the gradient difference between a baseline and none is -w cS (0 - b) per response.
        PairTerms t = new PairTerms(new float[] {1, -1, 1, 1}, new float[] {0.2f, 0f, 0f, 0.2f},
                new float[] {0f, 0.3f, 0.3f, 0.2f});
        Run none = run(new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT), t, PF4, PS4, RF4, RS4, NF4, NS4);
        Run loo = run(new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT, SailBaseline.LEAVE_ONE_OUT, false),
                t, PF4, PS4, RF4, RS4, NF4, NS4);
        double[] l = new double[4];
        for (int i = 0; i < 4; i++) {
            l[i] = logSig(BETA * t.orientation()[i] * ((PF4[i] - RF4[i]) - (PS4[i] - RS4[i])));
        }
        for (int i = 1; i < 4; i++) {
            double b = (l[1] + l[2] + l[3] - l[i]) / 2;
            double shift = t.sampleCoef()[i] * b / 4;
            assertThat((double) loo.gradFirst()[i] - none.gradFirst()[i]).isCloseTo(shift, within(1e-6));
            assertThat((double) loo.gradSecond()[i] - none.gradSecond()[i]).isCloseTo(shift, within(1e-6));
        }
        assertThat(loo.gradFirst()[0]).isEqualTo(none.gradFirst()[0]);
        assertThat(loo.gradSecond()[0]).isEqualTo(none.gradSecond()[0]);
    }

    static double finiteDifference(DoubleUnaryOperator f, double x) {
        double h = 1e-4;
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }
}
