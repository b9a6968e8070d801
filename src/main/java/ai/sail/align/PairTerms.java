package ai.sail.align;

import java.util.Arrays;

/**
 * Per-pair switches of the SAIL loss, decided by routing and labelling before the loss is built.
 *
 * @param orientation +1 when the first response is the preferred one, -1 when the second is
 *     (a label swap), for each pair
 * @param labelCoef coefficient of the label term (rho for SAIL-DP pairs, pi for SAIL-PP, else 0)
 * @param sampleCoef coefficient of the sampling term (pi for SAIL-PP, gamma for SAIL-PR, else 0)
 */
public record PairTerms(float[] orientation, float[] labelCoef, float[] sampleCoef) {
    public PairTerms {
        if (orientation.length != labelCoef.length || orientation.length != sampleCoef.length) {
            throw new IllegalArgumentException("orientation, labelCoef and sampleCoef need one entry per pair");
        }
        for (float o : orientation) {
            if (o != 1f && o != -1f) {
                throw new IllegalArgumentException("orientation must be +1 or -1, got " + o);
            }
        }
        orientation = orientation.clone();
        labelCoef = labelCoef.clone();
        sampleCoef = sampleCoef.clone();
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
}
