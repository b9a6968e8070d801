package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.Constants;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SAIL's estimators against the EXACT gradient of the objective, on a policy small enough to enumerate.
 *
 * <p><b>The problem.</b> A tabular autoregressive policy over a vocabulary of 3 tokens; every response
 * has exactly 2 tokens, so there are 9 responses and 81 ordered pairs. As DJL tensors: a parameter table
 * {@code theta [4, 3]} (row 0: logits of the first token, row 1 + prev: logits of the second token after
 * {@code prev}), {@code logp(y) = log_softmax(theta[0])[y0] + log_softmax(theta[1 + y0])[y1]}; a fixed
 * reference table of the same shape; a fixed reward table {@code R(y)} in which two different responses
 * score the same (so ties come from the reward as well as from drawing the same response twice).
 *
 * <p><b>Objectives</b> (h = a1 - a2 with a = logp_pi - logp_ref, l_s = log sigmoid(beta s h), S(y) = grad logp(y)):
 * <ul>
 *   <li>PR: {@code J_PR = sum over pairs with R(y1) != R(y2) of pi(y1) pi(y2) l_{s(y1,y2)}}, s = sign(R(y1) - R(y2)):
 *       the expectation of {@code 1[no tie] * l}, i.e. the expectation over non-tied pairs times their
 *       probability p. Tied pairs carry no preference and contribute 0.
 *       {@code grad J_PR = E[1[no tie] grad l] + E[1[no tie] l (S(y1) + S(y2))]} (DPO part + sampling part).</li>
 *   <li>PP: {@code J_PP = E_{y1,y2 ~ pi} E_{s ~ p_theta(s|y1,y2)} [l_s]} with P(s = +1) = sigmoid(beta h):
 *       its gradient adds the label part {@code E[l grad l]} (since grad log p_theta(s) = grad l_s).
 *       Its DPO part {@code E_s[grad l_s]} is exactly 0: sum_s sigmoid(beta s h) beta s (1 - sigmoid(beta s h)) = 0.</li>
 *   <li>DP: 8 fixed dataset pairs, labels from the policy: {@code J_DP = mean_i E_{s ~ p_theta}[l_s(pair i)]}
 *       (gradient: the label part alone, the DPO part vanishing as for PP).</li>
 * </ul>
 *
 * <p><b>What the trainer computes.</b> Micro-batches of K = 8 examples on one route, drawn as
 * {@link PolicyStep} draws them (two independent samples per prompt; PR pairs labelled by the reward, the
 * higher wins; ties dropped, or kept with reward 0 when {@link LossSettings#keepsTies}; PP and DP pairs
 * labelled with {@link PolicyStep#firstPreferred}), the surrogate built by {@link PreferenceLoss#compute}
 * with coefficient 1 on the SAIL terms under test and backpropagated into {@code theta}. The loss is
 * minimised: its gradient is {@code -(grad l + l grad l + (l - b)(S(y1) + S(y2)))} per pair, so its
 * expectation is {@code -grad J} (DPO part, label part and sampling part all with the same sign).
 * With ties dropped and the batch mean taken over the n surviving pairs, the surviving pairs are iid from
 * the no-tie distribution, so {@code E[G] = -(P(n >= 1) / p) grad J_PR = -((1 - (1-p)^K) / p) grad J_PR}:
 * a positive multiple of the exact gradient. The baselines keep tied pairs and weight each sampled pair by
 * {@code 1 / (1 + other preference pairs)}, which gives exactly the same expectation.
 *
 * <p>Each case averages the gradients of 1,000 to 3,000 micro-batches and asserts every coordinate is
 * within 4.5 standard errors of the enumerated expectation, that the standard error is small against the
 * gradient's norm, and (where it is the point) that the test could tell a wrong expectation apart. The
 * test prints what it saw: each estimate's largest distance in standard errors, its relative standard
 * error, the variance ratios.
 */
class SailEstimatorTest {
    static final int V = 3;
    static final int RESPONSES = V * V;
    static final int PARAMS = (1 + V) * V;
    static final int K = 8;
    /** Micro-batches per estimate: SAIL-PR, SAIL-PP (whose gradient is ten times smaller), SAIL-DP. */
    static final int M_PR = 2000;
    static final int M_PP = 3000;
    static final int M_DP = 1000;
    /** Micro-batches per backward pass (see {@link #gradients}). */
    static final int CHUNK = 500;
    static final double BETA = 1.0;
    static final double Z = 4.5;

    static final double[][] THETA = {{0.45, 0.45, -0.5}, {-0.01, 0.0, 0.05}, {1.75, -0.23, -0.23}, {-0.37, 0.83, -0.33}};
    static final double[][] REF = {{-0.04, 0.44, 0.38}, {-0.49, 0.91, 0.14}, {0.48, 0.17, 0.86}, {-0.17, -0.31, 0.21}};
    /** R(y) for y = (y0, y1) at [y0][y1]; (1,0) and (1,1) tie. */
    static final double[][] REWARD = {{3, 4, 0}, {7, 7, 2}, {6, 1, 5}};
    /** SAIL-DP's dataset pairs, as response indices 3 * y0 + y1 (first = the dataset's chosen). */
    static final int[][] DATASET = {{0, 1}, {2, 3}, {4, 8}, {5, 6}, {7, 0}, {8, 2}, {3, 5}, {6, 4}};

    static final float[] THETA_VALUES = new float[PARAMS];

    static NDManager manager;
    static Constants constants;
    static Exact exact;

    @BeforeAll
    static void open() {
        manager = TorchRuntime.newManager(Device.cpu());
        constants = new Constants(manager);
        for (int i = 0; i < PARAMS; i++) {
            THETA_VALUES[i] = (float) THETA[i / V][i % V];
        }
        exact = new Exact(asDouble(THETA_VALUES));
    }

    @AfterAll
    static void close() {
        constants.close();
        manager.close();
    }

    // ---------------------------------------------------------------- the exact side, in double precision

    static double logSig(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double reward(int y) {
        return REWARD[y / V][y % V];
    }

    /** The tabular policy at {@code params} (row-major [4, 3]): log-probabilities and scores of every response. */
    static final class Policy {
        final double[] logp = new double[RESPONSES];
        final double[] prob = new double[RESPONSES];
        final double[][] score = new double[RESPONSES][PARAMS];
        final double[] logRatio = new double[RESPONSES];
        final double[][] softmax = new double[1 + V][V];

        Policy(double[] params) {
            double[][] refSoftmax = new double[1 + V][V];
            for (int row = 0; row <= V; row++) {
                softmax[row] = softmax(params, row);
                double[] refParams = new double[PARAMS];
                for (int i = 0; i < PARAMS; i++) {
                    refParams[i] = (float) REF[i / V][i % V];
                }
                refSoftmax[row] = softmax(refParams, row);
            }
            for (int y = 0; y < RESPONSES; y++) {
                int t0 = y / V;
                int t1 = y % V;
                logp[y] = Math.log(softmax[0][t0]) + Math.log(softmax[1 + t0][t1]);
                prob[y] = Math.exp(logp[y]);
                logRatio[y] = logp[y] - Math.log(refSoftmax[0][t0]) - Math.log(refSoftmax[1 + t0][t1]);
                // d log_softmax(row)[v] / d theta[row][k] = 1[k == v] - softmax(row)[k]
                for (int k = 0; k < V; k++) {
                    score[y][k] = (k == t0 ? 1 : 0) - softmax[0][k];
                    score[y][(1 + t0) * V + k] = (k == t1 ? 1 : 0) - softmax[1 + t0][k];
                }
            }
        }

        private static double[] softmax(double[] params, int row) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < V; k++) {
                max = Math.max(max, params[row * V + k]);
            }
            double[] e = new double[V];
            double sum = 0;
            for (int k = 0; k < V; k++) {
                e[k] = Math.exp(params[row * V + k] - max);
                sum += e[k];
            }
            for (int k = 0; k < V; k++) {
                e[k] /= sum;
            }
            return e;
        }

        double h(int y1, int y2) {
            return logRatio[y1] - logRatio[y2];
        }
    }

    /** The objectives and every enumerated expectation the tests compare with. */
    static final class Exact {
        final double[] params;
        final Policy pi;
        /** P(no tie) for two independent samples. */
        final double p;
        /** E[1[no tie] grad l] and E[1[no tie] l (S1 + S2)]: the two parts of grad J_PR. */
        final double[] prDpo = new double[PARAMS];
        final double[] prSample = new double[PARAMS];
        /** E[1[no tie] l (S1 / logp(y1) + S2 / logp(y2))]: what the authors' hook averages to, per pair. */
        final double[] prHook = new double[PARAMS];
        /** E[1[no tie] l] / p and E[1[no tie] (S1 + S2)] / p: means over the no-tie distribution. */
        final double meanLNoTie;
        final double[] meanScoreNoTie = new double[PARAMS];
        final double[] ppGrad = new double[PARAMS];
        final double[] dpGrad = new double[PARAMS];

        Exact(double[] params) {
            this.params = params;
            pi = new Policy(params);
            double noTie = 0;
            double lSum = 0;
            for (int y1 = 0; y1 < RESPONSES; y1++) {
                for (int y2 = 0; y2 < RESPONSES; y2++) {
                    double w = pi.prob[y1] * pi.prob[y2];
                    double h = pi.h(y1, y2);
                    // PP: both labels, each with its probability under the policy's Bradley-Terry model.
                    for (int s = -1; s <= 1; s += 2) {
                        double ps = sig(BETA * s * h);
                        double l = logSig(BETA * s * h);
                        double dl = BETA * s * (1 - sig(BETA * s * h)); // dl/dh, h = a1 - a2
                        for (int j = 0; j < PARAMS; j++) {
                            double diff = pi.score[y1][j] - pi.score[y2][j];
                            double sum = pi.score[y1][j] + pi.score[y2][j];
                            ppGrad[j] += w * ps * (dl * (1 + l) * diff + l * sum);
                        }
                    }
                    if (reward(y1) == reward(y2)) {
                        continue;
                    }
                    double s = Math.signum(reward(y1) - reward(y2));
                    double l = logSig(BETA * s * h);
                    double dl = BETA * s * (1 - sig(BETA * s * h));
                    noTie += w;
                    lSum += w * l;
                    for (int j = 0; j < PARAMS; j++) {
                        prDpo[j] += w * dl * (pi.score[y1][j] - pi.score[y2][j]);
                        prSample[j] += w * l * (pi.score[y1][j] + pi.score[y2][j]);
                        prHook[j] += w * l * (pi.score[y1][j] / pi.logp[y1] + pi.score[y2][j] / pi.logp[y2]);
                        meanScoreNoTie[j] += w * (pi.score[y1][j] + pi.score[y2][j]);
                    }
                }
            }
            p = noTie;
            meanLNoTie = lSum / noTie;
            for (int j = 0; j < PARAMS; j++) {
                meanScoreNoTie[j] /= noTie;
            }
            for (int[] pair : DATASET) {
                double h = pi.h(pair[0], pair[1]);
                for (int s = -1; s <= 1; s += 2) {
                    double ps = sig(BETA * s * h);
                    double l = logSig(BETA * s * h);
                    double dl = BETA * s * (1 - sig(BETA * s * h));
                    for (int j = 0; j < PARAMS; j++) {
                        dpGrad[j] += ps * dl * (1 + l) * (pi.score[pair[0]][j] - pi.score[pair[1]][j]) / DATASET.length;
                    }
                }
            }
        }

        /** (1 - (1-p)^K) / p = K E[1 / (1 + Binomial(K-1, p))]: the trainer's scale of grad J_PR. */
        double prScale() {
            return (1 - Math.pow(1 - p, K)) / p;
        }

        /** P(at least 2 of K pairs survive the ties). */
        double atLeastTwo() {
            return 1 - Math.pow(1 - p, K) - K * p * Math.pow(1 - p, K - 1);
        }

        static double jPr(double[] params) {
            Policy pi = new Policy(params);
            double j = 0;
            for (int y1 = 0; y1 < RESPONSES; y1++) {
                for (int y2 = 0; y2 < RESPONSES; y2++) {
                    if (reward(y1) != reward(y2)) {
                        j += pi.prob[y1] * pi.prob[y2] * logSig(BETA * Math.signum(reward(y1) - reward(y2)) * pi.h(y1, y2));
                    }
                }
            }
            return j;
        }

        static double jPp(double[] params) {
            Policy pi = new Policy(params);
            double j = 0;
            for (int y1 = 0; y1 < RESPONSES; y1++) {
                for (int y2 = 0; y2 < RESPONSES; y2++) {
                    double h = pi.h(y1, y2);
                    j += pi.prob[y1] * pi.prob[y2] * (sig(BETA * h) * logSig(BETA * h) + sig(-BETA * h) * logSig(-BETA * h));
                }
            }
            return j;
        }

        static double jDp(double[] params) {
            Policy pi = new Policy(params);
            double j = 0;
            for (int[] pair : DATASET) {
                double h = pi.h(pair[0], pair[1]);
                j += (sig(BETA * h) * logSig(BETA * h) + sig(-BETA * h) * logSig(-BETA * h)) / DATASET.length;
            }
            return j;
        }
    }

    static double[] centralDifferences(ToDoubleFunction<double[]> f, double[] at) {
        double[] g = new double[at.length];
        double step = 1e-5;
        for (int j = 0; j < at.length; j++) {
            double[] plus = at.clone();
            double[] minus = at.clone();
            plus[j] += step;
            minus[j] -= step;
            g[j] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * step);
        }
        return g;
    }

    @Test
    void theEnumeratedGradientsEqualCentralFiniteDifferencesOfTheObjectives() {
        double[] pr = add(exact.prDpo, exact.prSample, 1);
        assertClose(pr, centralDifferences(Exact::jPr, exact.params), 1e-8, "grad J_PR");
        assertClose(exact.ppGrad, centralDifferences(Exact::jPp, exact.params), 1e-8, "grad J_PP");
        assertClose(exact.dpGrad, centralDifferences(Exact::jDp, exact.params), 1e-8, "grad J_DP");
        assertThat(exact.p).as("P(no tie)").isBetween(0.7, 0.9);
    }

    // ---------------------------------------------------------------- the sampled side, through PreferenceLoss

    enum Kind { PR, PP, DP }

    /** One micro-batch as the trainer builds it. */
    record MicroBatch(int[] first, int[] second, PairTerms terms) {
        int size() {
            return first.length;
        }
    }

    static int sampleResponse(Policy pi, SplittableRandom rng) {
        int t0 = draw(pi.softmax[0], rng.nextDouble());
        int t1 = draw(pi.softmax[1 + t0], rng.nextDouble());
        return t0 * V + t1;
    }

    static int draw(double[] probs, double u) {
        double c = 0;
        for (int k = 0; k < probs.length - 1; k++) {
            c += probs[k];
            if (u < c) {
                return k;
            }
        }
        return probs.length - 1;
    }

    /**
     * K examples of one route, as {@link PolicyStep#samplePairs} and {@code terms} treat them, with
     * coefficient 1 on the route's SAIL terms. {@code dropTies} overrides the settings (only to show
     * what dropping ties does to a baseline).
     */
    static MicroBatch microBatch(Kind kind, LossSettings settings, boolean dropTies, SplittableRandom rng) {
        Policy pi = exact.pi;
        List<int[]> pairs = new ArrayList<>();
        List<Float> orientation = new ArrayList<>();
        List<Boolean> tied = new ArrayList<>();
        for (int k = 0; k < K; k++) {
            int a = kind == Kind.DP ? DATASET[k][0] : sampleResponse(pi, rng);
            int b = kind == Kind.DP ? DATASET[k][1] : sampleResponse(pi, rng);
            float o = 1f;
            boolean tie = false;
            if (kind == Kind.PR) {
                if (reward(a) == reward(b)) {
                    if (dropTies || !settings.keepsTies()) {
                        continue;
                    }
                    tie = true;
                } else {
                    o = reward(a) > reward(b) ? 1f : -1f;
                }
            } else {
                double h = new PreferenceLoss(settings).margin(pi.logp[a], pi.logp[a] - pi.logRatio[a],
                        pi.logp[b], pi.logp[b] - pi.logRatio[b], 2, 2);
                o = PolicyStep.firstPreferred(settings.beta(), h, rng.nextDouble()) ? 1f : -1f;
            }
            pairs.add(new int[] {a, b});
            orientation.add(o);
            tied.add(tie);
        }
        int n = pairs.size();
        int[] first = new int[n];
        int[] second = new int[n];
        float[] o = new float[n];
        float[] labelCoef = new float[n];
        float[] sampleCoef = new float[n];
        boolean[] t = new boolean[n];
        for (int i = 0; i < n; i++) {
            first[i] = pairs.get(i)[0];
            second[i] = pairs.get(i)[1];
            o[i] = orientation.get(i);
            t[i] = tied.get(i);
            labelCoef[i] = kind == Kind.PR ? 0f : 1f;
            sampleCoef[i] = kind == Kind.DP ? 0f : 1f;
        }
        return new MicroBatch(first, second, new PairTerms(o, labelCoef, sampleCoef, t));
    }

    /**
     * The gradient in theta of each micro-batch's surrogate, built by {@link PreferenceLoss#compute} and
     * backpropagated as the trainer does. To keep the test fast, one backward pass serves a chunk of
     * micro-batches: each has its own copy of theta (a leaf with the same values), so the gradient in
     * copy b is exactly micro-batch b's gradient in theta.
     */
    static double[][] gradients(List<MicroBatch> batches, LossSettings settings) {
        int count = batches.size();
        int responses = 0;
        for (MicroBatch mb : batches) {
            responses += 2 * mb.size();
        }
        long[] index = new long[2 * responses];
        float[] ref = new float[responses];
        int at = 0;
        for (int b = 0; b < count; b++) {
            MicroBatch mb = batches.get(b);
            for (int i = 0; i < 2 * mb.size(); i++) {
                int y = i < mb.size() ? mb.first()[i] : mb.second()[i - mb.size()];
                index[2 * at] = (long) b * PARAMS + y / V; // log_softmax(theta[0])[y0]
                index[2 * at + 1] = (long) b * PARAMS + (1 + y / V) * V + y % V; // log_softmax(theta[1 + y0])[y1]
                ref[at] = (float) (exact.pi.logp[y] - exact.pi.logRatio[y]);
                at++;
            }
        }
        float[] copies = new float[count * PARAMS];
        for (int b = 0; b < count; b++) {
            System.arraycopy(THETA_VALUES, 0, copies, b * PARAMS, PARAMS);
        }
        double[][] out = new double[count][PARAMS];
        try (StepScope scope = new StepScope()) {
            NDArray thetas = manager.create(copies, new Shape(count, 1 + V, V));
            thetas.setRequiresGradient(true);
            NDArray refs = manager.create(ref);
            NDArray tokens = manager.create(new float[] {2, 2, 2, 2, 2, 2, 2, 2});
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray logSoftmax = thetas.logSoftmax(2).reshape((long) count * PARAMS);
                NDArray logp = logSoftmax.get(manager.create(index)).reshape(responses, 2).sum(new int[] {1});
                NDArray objective = null;
                int offset = 0;
                for (MicroBatch mb : batches) {
                    int n = mb.size();
                    if (n == 0) {
                        continue; // the trainer skips a micro-batch with no pair
                    }
                    NDIndex first = new NDIndex("{}:{}", offset, offset + n);
                    NDIndex second = new NDIndex("{}:{}", offset + n, offset + 2 * n);
                    NDArray length = tokens.get(new NDIndex("0:{}", n));
                    PairScores scores = new PairScores(logp.get(first), logp.get(second), refs.get(first),
                            refs.get(second), length, length);
                    NDArray o = new PreferenceLoss(settings).compute(scores, mb.terms(), constants).objective(1f, constants);
                    objective = objective == null ? o : objective.add(o);
                    offset += 2 * n;
                }
                if (objective == null) {
                    return out;
                }
                collector.backward(objective);
            }
            float[] g = thetas.getGradient().toFloatArray();
            for (int b = 0; b < count; b++) {
                for (int j = 0; j < PARAMS; j++) {
                    out[b][j] = g[b * PARAMS + j];
                }
            }
        }
        return out;
    }

    /** Mean, standard error and total variance of M micro-batch gradients. */
    record Estimate(double[] mean, double[] se, double totalVariance, double[][] samples) {
        /** Largest |mean - expected| in standard errors, over the coordinates. */
        double maxZ(double[] expected) {
            double z = 0;
            for (int j = 0; j < mean.length; j++) {
                z = Math.max(z, Math.abs(mean[j] - expected[j]) / se[j]);
            }
            return z;
        }

        double maxSe() {
            double m = 0;
            for (double s : se) {
                m = Math.max(m, s);
            }
            return m;
        }

        /** (mean - expected) projected on d, in standard errors of that projection. */
        double projectedZ(double[] expected, double[] d) {
            int m = samples.length;
            double[] proj = new double[m];
            double avg = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d.length; j++) {
                    proj[i] += samples[i][j] * d[j];
                }
                avg += proj[i] / m;
            }
            double var = 0;
            for (double v : proj) {
                var += (v - avg) * (v - avg) / (m - 1);
            }
            double target = 0;
            for (int j = 0; j < d.length; j++) {
                target += expected[j] * d[j];
            }
            return (avg - target) / Math.sqrt(var / m);
        }
    }

    static Estimate estimate(Kind kind, LossSettings settings, boolean dropTies, long seed) {
        int count = switch (kind) {
            case PR -> M_PR;
            case PP -> M_PP;
            case DP -> M_DP;
        };
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] samples = new double[count][];
        for (int start = 0; start < count; start += CHUNK) {
            List<MicroBatch> chunk = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + CHUNK); i++) {
                chunk.add(microBatch(kind, settings, dropTies, rng));
            }
            double[][] g = gradients(chunk, settings);
            System.arraycopy(g, 0, samples, start, g.length);
        }
        double[] mean = new double[PARAMS];
        double[] se = new double[PARAMS];
        double total = 0;
        for (int j = 0; j < PARAMS; j++) {
            for (double[] s : samples) {
                mean[j] += s[j] / count;
            }
            double var = 0;
            for (double[] s : samples) {
                var += (s[j] - mean[j]) * (s[j] - mean[j]) / (count - 1);
            }
            se[j] = Math.sqrt(var / count);
            total += var;
        }
        return new Estimate(mean, se, total, samples);
    }

    static LossSettings settings(SailBaseline baseline) {
        return new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT, baseline, false);
    }

    /** Checks the estimate against {@code expected} and reports what it saw. */
    static void assertUnbiased(String name, Estimate e, double[] expected, double maxRelativeSe) {
        double norm = norm(expected);
        System.out.printf(Locale.ROOT, "%-34s |E|=%.4f maxZ=%.2f maxSE/|E|=%.4f traceVar=%.4f mean[0..2]=%s exact[0..2]=%s%n",
                name, norm, e.maxZ(expected), e.maxSe() / norm, e.totalVariance(), head(e.mean()), head(expected));
        assertThat(e.maxZ(expected)).as("%s: every coordinate within %.1f standard errors", name, Z).isLessThan(Z);
        assertThat(e.maxSe() / norm).as("%s: the standard error is small against the gradient", name)
                .isLessThan(maxRelativeSe);
    }

    // ---------------------------------------------------------------- SAIL-PR

    @Test
    void prNoneLeaveOneOutAndPairEstimateTheExactGradientAndLeaveOneOutLowersTheVariance() {
        double[] expected = scaled(add(exact.prDpo, exact.prSample, 1), -exact.prScale());
        Estimate none = estimate(Kind.PR, settings(SailBaseline.NONE), false, 12);
        Estimate loo = estimate(Kind.PR, settings(SailBaseline.LEAVE_ONE_OUT), false, 12);
        Estimate pair = estimate(Kind.PR, settings(SailBaseline.PAIR), false, 12);
        assertUnbiased("PR none", none, expected, 0.02);
        assertUnbiased("PR leave-one-out", loo, expected, 0.02);
        assertUnbiased("PR pair", pair, expected, 0.02);
        double ratio = loo.totalVariance() / none.totalVariance();
        System.out.printf(Locale.ROOT, "PR variance: leave-one-out / none = %.3f, pair / none = %.3f%n",
                ratio, pair.totalVariance() / none.totalVariance());
        assertThat(ratio).as("leave-one-out lowers the variance of the micro-batch gradient").isLessThan(0.85);
    }

    @Test
    void prBatchMeanShrinksTheSamplingPartByOneMinusOneOverN() {
        // b_i = mean of all K sampled rewards: E[(r_i - b_i) S_i] = (1 - 1/K) E[r S], the DPO part unchanged.
        double[] expected = scaled(add(exact.prDpo, exact.prSample, 1 - 1.0 / K), -exact.prScale());
        double[] unbiased = scaled(add(exact.prDpo, exact.prSample, 1), -exact.prScale());
        Estimate mean = estimate(Kind.PR, settings(SailBaseline.BATCH_MEAN), false, 13);
        assertUnbiased("PR batch-mean (1-1/n) target", mean, expected, 0.02);
        // The test can tell the two apart: projected on the bias direction, the unbiased target is far off.
        double[] bias = add(expected, unbiased, -1);
        double z = mean.projectedZ(unbiased, bias);
        System.out.printf(Locale.ROOT, "PR batch-mean: distance from the unbiased target along the bias = %.1f SE%n", z);
        assertThat(z).isGreaterThan(Z);
    }

    @Test
    void prBaselineWithTiesDroppedWouldBeBiased() {
        // Dropping tied pairs drops their -(0 - b) S terms: leave-one-out over the surviving pairs then has
        // E[G] = -scale grad J + P(n >= 2) E[l | no tie] E[S1 + S2 | no tie]; the kept-ties version has no such term.
        double[] unbiased = scaled(add(exact.prDpo, exact.prSample, 1), -exact.prScale());
        double[] dropped = add(unbiased, exact.meanScoreNoTie, exact.atLeastTwo() * exact.meanLNoTie);
        Estimate e = estimate(Kind.PR, settings(SailBaseline.LEAVE_ONE_OUT), true, 14);
        assertUnbiased("PR leave-one-out, ties dropped", e, dropped, 0.02);
        double z = e.maxZ(unbiased);
        System.out.printf(Locale.ROOT, "PR leave-one-out with ties dropped: |bias| / |exact| = %.3f, cos(bias, exact) = %.2f,"
                + " max distance from the exact gradient = %.1f SE%n", norm(add(dropped, unbiased, -1)) / norm(unbiased),
                cosine(add(dropped, unbiased, -1), unbiased), z);
        assertThat(z).isGreaterThan(Z);
    }

    @Test
    void prLengthNormalisationDividesTheSamplingPartByTheLength() {
        // Every response has 2 tokens: u(y) = logp(y) / 2, so the sampling part is halved.
        LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.EXACT, SailBaseline.LEAVE_ONE_OUT, true);
        Estimate e = estimate(Kind.PR, s, false, 15);
        assertUnbiased("PR leave-one-out, length-norm", e, scaled(add(exact.prDpo, exact.prSample, 0.5), -exact.prScale()), 0.02);
    }

    @Test
    void referenceCodeFormAveragesToItsOwnHookNotToTheGradient() {
        // The authors' hook adds -c l / logp(y) grad logp(y) per response, summed over the K pairs (not
        // averaged), the DPO part being a batch mean: E[G] = -scale E[1[no tie] grad l] - K E[1[no tie] l (S1/logp1 + S2/logp2)].
        // Enumerated on this problem (c = 1, K = 8): |E[G] - (-scale grad J)| / |scale grad J| = 1.55 and
        // cos(E[G], -scale grad J) = -0.83: in expectation the update moves against the objective. The hook's
        // part alone against the exact sampling part: cos = -0.86 (it raises every sample's likelihood, by
        // l / logp, which is largest for short, likely samples; the exact part lowers the samples with low l).
        LossSettings s = new LossSettings(BETA, LossType.SIGMOID, 0, 0, SailForm.REFERENCE_CODE);
        double[] hook = scaled(exact.prHook, -K);
        double[] expected = add(scaled(exact.prDpo, -exact.prScale()), hook, 1);
        double[] gradJ = scaled(add(exact.prDpo, exact.prSample, 1), -exact.prScale());
        Estimate e = estimate(Kind.PR, s, false, 16);
        assertUnbiased("PR reference-code", e, expected, 0.06);
        double distance = norm(add(expected, gradJ, -1)) / norm(gradJ);
        System.out.printf(Locale.ROOT, "reference-code: |E[G] - exact| / |exact| = %.2f, cos(E[G], exact) = %.2f,"
                + " cos(hook part, exact sampling part) = %.2f%n", distance, cosine(expected, gradJ),
                cosine(hook, scaled(exact.prSample, -exact.prScale())));
        assertThat(e.maxZ(gradJ)).as("the sampled mean is far from the exact gradient").isGreaterThan(Z);
    }

    // ---------------------------------------------------------------- SAIL-PP and SAIL-DP

    @Test
    void ppWithAndWithoutLeaveOneOutEstimateTheExactGradientWithItsLabelTerm() {
        double[] expected = scaled(exact.ppGrad, -1);
        Estimate none = estimate(Kind.PP, settings(SailBaseline.NONE), false, 21);
        Estimate loo = estimate(Kind.PP, settings(SailBaseline.LEAVE_ONE_OUT), false, 21);
        assertUnbiased("PP none", none, expected, 0.08);
        assertUnbiased("PP leave-one-out", loo, expected, 0.05);
        double ratio = loo.totalVariance() / none.totalVariance();
        System.out.printf(Locale.ROOT, "PP variance: leave-one-out / none = %.3f%n", ratio);
        assertThat(ratio).isLessThan(0.7);
    }

    @Test
    void dpEstimatesTheLabelTermsExpectationAndNoBaselineTouchesIt() {
        Estimate e = estimate(Kind.DP, settings(SailBaseline.NONE), false, 31);
        assertUnbiased("DP", e, scaled(exact.dpGrad, -1), 0.05);
        // DP pairs have no sampling term (cS = 0): a baseline changes nothing, to the last bit.
        Estimate withBaseline = estimate(Kind.DP, settings(SailBaseline.PAIR), false, 31);
        assertThat(withBaseline.mean()).containsExactly(e.mean());
    }

    // ---------------------------------------------------------------- helpers

    static double[] add(double[] a, double[] b, double scaleB) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + scaleB * b[i];
        }
        return out;
    }

    static double[] scaled(double[] a, double s) {
        return add(new double[a.length], a, s);
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    static double[] asDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static String head(double[] a) {
        return String.format(Locale.ROOT, "[%.4f, %.4f, %.4f]", a[0], a[1], a[2]);
    }

    static void assertClose(double[] actual, double[] expected, double tolerance, String what) {
        for (int j = 0; j < actual.length; j++) {
            assertThat(actual[j]).as("%s[%d]", what, j).isCloseTo(expected[j], within(tolerance));
        }
    }
}
