package ai.sail.align;

import java.util.Arrays;

/**
 * Per-pair switches of the SAIL loss, decided by routing and labelling before the loss is built.
 *
 * @param orientation +1 when the first response is the preferred one, -1 when the second is
 *     (a label swap), for each pair
 * @param labelCoef coefficient of the label term (rho for SAIL-DP pairs, pi for SAIL-PP, else 0)
 * @param sampleCoef coefficient of the sampling term (pi for SAIL-PP, gamma for SAIL-PR, else 0)
 * @param tied true for a SAIL-PR pair the reward source scored equally: no preference, so no DPO,
 *     label or NLL term, and reward 0 in the sampling term (kept only under a baseline, see
 *     {@link SailBaseline}); its orientation is ignored
 */
public record PairTerms(float[] orientation, float[] labelCoef, float[] sampleCoef, boolean[] tied) {
    public PairTerms {
        if (orientation.length != labelCoef.length || orientation.length != sampleCoef.length
                || orientation.length != tied.length) {
            throw new IllegalArgumentException("orientation, labelCoef, sampleCoef and tied need one entry per pair");
        }
        for (float o : orientation) {
            if (o != 1f && o != -1f) {
                throw new IllegalArgumentException("orientation must be +1 or -1, got " + o);
            }
        }
        for (int i = 0; i < tied.length; i++) {
            if (tied[i] && labelCoef[i] != 0) {
                throw new IllegalArgumentException("a tied pair has no label, so no label term; pair " + i
                        + " has labelCoef " + labelCoef[i]);
            }
        }
        orientation = orientation.clone();
        labelCoef = labelCoef.clone();
        sampleCoef = sampleCoef.clone();
        tied = tied.clone();
    }

    /** No tied pairs. */
    public PairTerms(float[] orientation, float[] labelCoef, float[] sampleCoef) {
        this(orientation, labelCoef, sampleCoef, new boolean[orientation.length]);
    }

    /** Plain offline DPO: first response preferred, no SAIL terms. */
    public static PairTerms offline(int pairs) {
        float[] ones = new float[pairs];
        Arrays.fill(ones, 1f);
        return new PairTerms(ones, new float[pairs], new float[pairs]);
    }

    public int size() {
        return orientation.length;
    }

    /** Pairs that carry a preference (not tied). */
    public int preferencePairs() {
        int n = 0;
        for (boolean t : tied) {
            n += t ? 0 : 1;
        }
        return n;
    }

    /**
     * Each pair's weight in the micro-batch's loss: 1 / (1 + the number of OTHER preference pairs), i.e.
     * the batch mean's 1/n for a preference pair and 1/(n+1) for a tie. It never depends on the pair's
     * own draw, which keeps the sampling term's baselines unbiased when ties are kept.
     */
    float[] weights() {
        int n = preferencePairs();
        float[] w = new float[size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1f / (1 + n - (tied[i] ? 0 : 1));
        }
        return w;
    }
}
