package ai.sail.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.tensor.Constants;

/**
 * The DPO family and SAIL's extra terms, one mechanism: a shared log-ratio stage, one branch per
 * {@link LossType}, then the SAIL label and sampling terms switched per pair by {@link PairTerms}.
 *
 * <p>Per pair, with a = logp_pi(y1) - logp_ref(y1), b = logp_pi(y2) - logp_ref(y2) (each divided by
 * its response's token count for IPO, see {@link LossType#averagesLogProbs}), s = orientation:
 * h = s (a - b), z = beta h, l = log sigmoid(z) (the SAIL objective's log-likelihood), and
 * <pre>
 *   loss = sum_i w_i [ p_i (base(h) - cL/2 l^2 + nll) + sampling_i ] + sampling_ref
 *   sampling_i (exact)          = -cS ( sg(r - b1) u(y1) + sg(r - b2) u(y2) )
 *   sampling_ref (reference-code) = sum_i -cS (sg(l/logp_pi(y1)) logp_pi(y1) + sg(l/logp_pi(y2)) logp_pi(y2))
 * </pre>
 * where p_i is 1 for a pair with a preference and 0 for a pair the reward source tied ({@link PairTerms#tied}),
 * w_i = 1 / (1 + the number of other preference pairs) (the batch mean 1/n when nothing is tied),
 * r = p_i l is the sampling term's reward, b1 and b2 the {@link SailBaseline} (0 for {@code none}), and
 * u(y) = logp_pi(y), or logp_pi(y) / |y| with {@link LossSettings#sailLengthNorm}.
 * The sampling term always uses the summed log-probabilities (before the optional length division): it
 * is the score function of drawing the whole response. The reference-code term is the authors' gradient
 * hook, added after their loss is divided by the gradient-accumulation steps, so it is kept apart from
 * the averaged part and is not scaled with it ({@link Result#objective}).
 * Every number enters the graph through {@link Constants} (djl-notes, hazard 1); the per-pair arrays
 * (coefficients, weights, baselines) are tensors created for the step, like the orientation.
 */
public final class PreferenceLoss {
    private final LossSettings settings;

    public PreferenceLoss(LossSettings settings) {
        this.settings = settings;
    }

    public LossSettings settings() {
        return settings;
    }

    /**
     * The loss and its parts. {@code scaled} (the batch mean, weighted as {@link PairTerms#weights} when
     * ties are kept, divided with the gradient-accumulation steps) and {@code unscaled} (the
     * reference-code hook, never divided) are scalars in the graph; the per-pair arrays are copies for
     * metrics and diagnostics (a tied pair's preference, label and NLL entries are 0).
     *
     * @param h the margin under the labels used, per pair
     * @param rewardFirst beta * a (the first response's implicit reward, averaged for IPO), per pair
     * @param rewardSecond beta * b, per pair
     */
    public record Result(NDArray scaled, NDArray unscaled, float[] h, float[] rewardFirst, float[] rewardSecond,
            float[] logLikelihood, float[] base, float[] label, float[] sample, float[] nll) {

        /** The surrogate of one micro-batch as a whole: its value is what {@code loss/total} logs. */
        public NDArray total() {
            return scaled.add(unscaled);
        }

        /** What to backpropagate for one of several accumulated micro-batches, each weighted {@code lossScale}. */
        public NDArray objective(float lossScale, Constants c) {
            return scaled.mul(c.scalar(lossScale)).add(unscaled);
        }
    }

    /**
     * The margin h of a pair with the first response preferred, in the same units as the loss (per-token
     * averages for IPO): used to self-label a pair before the loss is built.
     */
    public double margin(double policyFirst, double refFirst, double policySecond, double refSecond,
            int firstTokens, int secondTokens) {
        double a = policyFirst - refFirst;
        double b = policySecond - refSecond;
        if (settings.type().averagesLogProbs()) {
            a /= Math.max(1, firstTokens);
            b /= Math.max(1, secondTokens);
        }
        return a - b;
    }

    public Result compute(PairScores s, PairTerms terms, Constants c) {
        NDManager m = s.policyFirst().getManager();
        int n = terms.size();
        double beta = settings.beta();
        NDArray orientation = m.create(terms.orientation(), new Shape(n));
        NDArray labelCoef = m.create(terms.labelCoef(), new Shape(n));
        NDArray sampleCoef = m.create(terms.sampleCoef(), new Shape(n));
        float[] preferenceMask = new float[n];
        for (int i = 0; i < n; i++) {
            preferenceMask[i] = terms.tied()[i] ? 0f : 1f;
        }
        NDArray preference = m.create(preferenceMask, new Shape(n));
        NDArray weights = m.create(terms.weights(), new Shape(n));

        NDArray a = s.policyFirst().sub(s.refFirst());
        NDArray b = s.policySecond().sub(s.refSecond());
        if (settings.type().averagesLogProbs()) {
            a = a.div(s.firstTokens());
            b = b.div(s.secondTokens());
        }
        float[] ratioFirst = a.toFloatArray();
        float[] ratioSecond = b.toFloatArray();
        NDArray h = a.sub(b).mul(orientation); // [N]
        NDArray z = h.mul(c.scalar((float) beta));
        NDArray logSig = logSigmoid(z);
        NDArray logSigNeg = logSigmoid(z.neg());

        float eps = (float) settings.labelSmoothing();
        NDArray base = switch (settings.type()) {
            case SIGMOID -> logSig.mul(c.scalar(1f - eps)).add(logSigNeg.mul(c.scalar(eps))).neg();
            case ROBUST -> logSig.mul(c.scalar(eps - 1f)).add(logSigNeg.mul(c.scalar(eps)))
                    .div(c.scalar(1f - 2f * eps));
            case HINGE -> c.scalar(1f).sub(z).getNDArrayInternal().relu();
            case IPO -> h.sub(c.scalar((float) (1.0 / (2.0 * beta)))).square();
        };
        base = base.mul(preference);

        // SAIL label term: -cL/2 * l^2 (gradient flows through l).
        NDArray label = logSig.square().mul(labelCoef).mul(c.scalar(-0.5f)).mul(preference);

        // Optional NLL on the preferred response, per token.
        NDArray nll;
        if (settings.nllCoef() > 0) {
            NDArray firstPreferred = orientation.add(c.scalar(1f)).mul(c.scalar(0.5f)); // 1 or 0
            NDArray perTokenFirst = s.policyFirst().div(s.firstTokens());
            NDArray perTokenSecond = s.policySecond().div(s.secondTokens());
            nll = perTokenFirst.mul(firstPreferred)
                    .add(perTokenSecond.mul(c.scalar(1f).sub(firstPreferred)))
                    .mul(c.scalar((float) -settings.nllCoef())).mul(preference);
        } else {
            nll = m.zeros(new Shape(n));
        }

        // The sampling term's reward: l, or 0 for a tie.
        NDArray reward = logSig.stopGradient().mul(preference);
        NDArray sample;
        NDArray scaled;
        NDArray unscaled;
        if (settings.sailForm() == SailForm.EXACT) {
            // Minus the baseline, per response (none: b = 0).
            NDArray advantageFirst = reward;
            NDArray advantageSecond = reward;
            if (settings.sailBaseline() != SailBaseline.NONE) {
                SailBaseline.Values baseline = settings.sailBaseline().values(reward.toFloatArray(), ratioFirst,
                        ratioSecond, terms.sampleCoef(), beta);
                advantageFirst = reward.sub(m.create(toFloats(baseline.first()), new Shape(n)));
                advantageSecond = reward.sub(m.create(toFloats(baseline.second()), new Shape(n)));
            }
            NDArray scoreFirst = s.policyFirst();
            NDArray scoreSecond = s.policySecond();
            if (settings.sailLengthNorm()) {
                scoreFirst = scoreFirst.div(s.firstTokens());
                scoreSecond = scoreSecond.div(s.secondTokens());
            }
            sample = advantageFirst.mul(scoreFirst).add(advantageSecond.mul(scoreSecond)).mul(sampleCoef).neg();
            scaled = base.add(label).add(nll).add(sample).mul(weights).sum();
            unscaled = c.scalar(0f);
        } else {
            NDArray first = reward.div(s.policyFirst().stopGradient()).mul(s.policyFirst());
            NDArray second = reward.div(s.policySecond().stopGradient()).mul(s.policySecond());
            sample = first.add(second).mul(sampleCoef).neg();
            scaled = base.add(label).add(nll).mul(weights).sum();
            unscaled = sample.sum();
        }
        return new Result(scaled, unscaled, h.toFloatArray(), times(ratioFirst, (float) beta),
                times(ratioSecond, (float) beta), logSig.toFloatArray(), base.toFloatArray(),
                label.toFloatArray(), sample.toFloatArray(), nll.toFloatArray());
    }

    /** {@code values * factor} in float arithmetic, as the tensor product would round it. */
    private static float[] times(float[] values, float factor) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * factor;
        }
        return out;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** log sigmoid(x) = -softplus(-x), stable for large |x|. */
    private static NDArray logSigmoid(NDArray x) {
        return x.neg().getNDArrayInternal().softPlus().neg();
    }
}
