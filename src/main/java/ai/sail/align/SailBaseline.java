package ai.sail.align;

import ai.sail.config.Choice;

/**
 * The baseline {@code b} subtracted from the "reward" of SAIL's sampling term in the {@code exact}
 * form. Without one the term {@code -c * sg(l) * (logp(y1) + logp(y2))} is a score-function
 * (REINFORCE) estimator whose reward {@code l = log sigmoid(beta h)} is never positive, so every sample
 * is pushed down and only the differences between samples carry signal. With a baseline the term is
 * <pre>
 *   -c * [ sg(r - b1) * u(y1) + sg(r - b2) * u(y2) ]
 * </pre>
 * per sampled pair, where {@code r} is the pair's reward ({@code l}, or 0 for a pair the reward source
 * tied, see below), {@code u(y) = logp_pi(y)} (or {@code logp_pi(y) / |y|} with {@code --sail-length-norm})
 * and {@code b1 = b2 = b} except for {@link #PAIR}. A baseline is unbiased when the value it subtracts
 * from {@code y}'s score does not depend on {@code y}: then {@code E[b * grad logp(y)] = b * E[grad logp(y)] = 0}.
 * Only "sampled pairs" take part: those with a sampling coefficient {@code cS > 0} in the micro-batch
 * (SAIL-PP and SAIL-PR pairs), which are independent draws.
 *
 * <p><b>Ties.</b> A SAIL-PR pair that the reward source scores equally has no preference: it gets no
 * DPO term, and under {@link #NONE} its sampling term is 0, so it is dropped as before. Under any other
 * baseline its term {@code -c * (0 - b) * u} is not 0, and dropping it would bias every baseline by
 * {@code c * b * grad P(tie)} (on {@code SailEstimatorTest}'s problem, 20% of the gradient's norm): such
 * pairs stay in the micro-batch with reward {@code r = 0}. Each sampled pair's term is weighted by
 * {@code 1 / (1 + number of OTHER preference pairs in the micro-batch)}: that is the batch mean's
 * {@code 1/n} for a preference pair and {@code 1/(n+1)} for a tie, and it does not depend on the pair's
 * own draw, so the expected gradient is exactly that of {@link #NONE} (the enumeration test checks this).
 */
public enum SailBaseline implements Choice {
    /** {@code b = 0}: the derivation as written. Unbiased; the highest variance. */
    NONE,
    /**
     * {@code b} = the mean reward of all sampled pairs of the micro-batch, the pair itself included (the
     * common practice). Biased: the pair's own reward enters its baseline with weight {@code 1/n}, so for a
     * micro-batch of {@code n} sampled pairs the expected sampling part is exactly {@code (1 - 1/n)} times
     * that of {@link #NONE} (the DPO and label parts are unchanged). The direction is kept; the sampling
     * part is shrunk (by 1/8 for 8 sampled pairs).
     */
    BATCH_MEAN,
    /**
     * A baseline for each response built only from the OTHER response of its pair and from the other
     * pairs: for {@code y1}'s score
     * {@code b1 = 1/2 [log sigmoid(beta (hbar - a2)) + log sigmoid(-beta (hbar - a2))]}, where {@code a2}
     * is {@code y2}'s log-ratio {@code logp_pi(y2) - logp_ref(y2)} (per token when the loss averages,
     * {@link LossType#averagesLogProbs}) and {@code hbar} the mean log-ratio of the other sampled pairs'
     * responses (0 if there is none); {@code b2} likewise with {@code a1}. It is the pair's reward with
     * {@code y1} replaced by a typical sample; the label's orientation compares {@code y1} with {@code y2},
     * so it depends on {@code y1} and is averaged over both orientations instead of used. Unbiased.
     */
    PAIR,
    /**
     * {@code b} = the mean reward of the OTHER sampled pairs of the micro-batch (0 if there is none; ties
     * count as reward 0). Unbiased: the other pairs are independent of this one.
     */
    LEAVE_ONE_OUT;

    /** The two baselines of each pair: {@code first[i]} multiplies {@code y1}'s score, {@code second[i]} {@code y2}'s. */
    record Values(double[] first, double[] second) {}

    /**
     * This baseline for each pair of a micro-batch (0 for pairs without a sampling coefficient).
     *
     * @param reward {@code r} per pair: {@code l}, or 0 for a tied pair (detached values)
     * @param logRatioFirst {@code a1} per pair, in the loss's units (per token when it averages)
     * @param logRatioSecond {@code a2} per pair
     * @param sampleCoef {@code cS} per pair; pairs with {@code cS > 0} are the sampled pairs
     * @param beta the loss's beta
     */
    Values values(float[] reward, float[] logRatioFirst, float[] logRatioSecond, float[] sampleCoef, double beta) {
        int n = reward.length;
        double[] first = new double[n];
        double[] second = new double[n];
        int sampled = 0;
        double rewardSum = 0;
        double ratioSum = 0;
        for (int i = 0; i < n; i++) {
            if (sampleCoef[i] > 0) {
                sampled++;
                rewardSum += reward[i];
                ratioSum += (double) logRatioFirst[i] + logRatioSecond[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (!(sampleCoef[i] > 0) || this == NONE) {
                continue;
            }
            int others = sampled - 1;
            switch (this) {
                case BATCH_MEAN -> first[i] = rewardSum / sampled;
                case LEAVE_ONE_OUT -> first[i] = others == 0 ? 0 : (rewardSum - reward[i]) / others;
                case PAIR -> {
                    double hbar = others == 0 ? 0
                            : (ratioSum - logRatioFirst[i] - logRatioSecond[i]) / (2.0 * others);
                    first[i] = bothOrientations(beta * (hbar - logRatioSecond[i]));
                    second[i] = bothOrientations(beta * (hbar - logRatioFirst[i]));
                    continue;
                }
                case NONE -> { }
            }
            second[i] = first[i];
        }
        return new Values(first, second);
    }

    /** 1/2 [log sigmoid(z) + log sigmoid(-z)]: a pair's log-likelihood averaged over its two labels. */
    private static double bothOrientations(double z) {
        return 0.5 * (logSigmoid(z) + logSigmoid(-z));
    }

    private static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }
}
