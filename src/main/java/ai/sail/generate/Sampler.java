package ai.sail.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks one token id from a row of log-probabilities. Temperature, top-k and top-p compose in that
 * order (the order the Python tools use): scale, keep the k best, keep the nucleus, renormalise, draw.
 * Runs in Java on the copied-out row: the arrays are small and this keeps the random stream under
 * Sail's control, so a seed reproduces a run on any device.
 */
public interface Sampler {

    /** The chosen id among {@code logProbs[offset .. offset + vocab)}. */
    int sample(float[] logProbs, int offset, int vocab, Random rng);

    static Sampler of(SamplingSettings s) {
        if (s.greedy()) {
            return Sampler::argmax;
        }
        return (logProbs, offset, vocab, rng) -> draw(logProbs, offset, vocab, s, rng);
    }

    static int argmax(float[] x, int offset, int vocab, Random ignored) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (x[offset + i] > x[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    private static int draw(float[] logProbs, int offset, int vocab, SamplingSettings s, Random rng) {
        // Candidates sorted by probability when a filter needs the order; all tokens otherwise.
        int[] candidates;
        if (s.topK() > 0 || s.topP() < 1f) {
            candidates = byDescendingValue(logProbs, offset, vocab);
            if (s.topK() > 0 && s.topK() < vocab) {
                candidates = Arrays.copyOf(candidates, s.topK());
            }
        } else {
            candidates = new int[vocab];
            Arrays.setAll(candidates, i -> i);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int id : candidates) {
            max = Math.max(max, logProbs[offset + id]);
        }
        double[] weights = new double[candidates.length];
        double total = 0;
        for (int i = 0; i < candidates.length; i++) {
            weights[i] = Math.exp((logProbs[offset + candidates[i]] - max) / s.temperature());
            total += weights[i];
        }
        int kept = candidates.length;
        if (s.topP() < 1f) {
            double cumulative = 0;
            for (int i = 0; i < candidates.length; i++) {
                cumulative += weights[i] / total;
                if (cumulative >= s.topP()) {
                    kept = i + 1;
                    break;
                }
            }
            total = 0;
            for (int i = 0; i < kept; i++) {
                total += weights[i];
            }
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            u -= weights[i];
            if (u < 0) {
                return candidates[i];
            }
        }
        return candidates[kept - 1];
    }

    /** Ids ordered by value, highest first (ties: lower id first). */
    private static int[] byDescendingValue(float[] x, int offset, int vocab) {
        // Pack (value, id) into longs whose natural order is the wanted order: one primitive sort.
        long[] keys = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            int bits = Float.floatToIntBits(x[offset + i]);
            int ordered = bits >= 0 ? bits : bits ^ Integer.MAX_VALUE; // signed int order = float order
            keys[i] = ((long) ~ordered << 32) | i; // descending value, then ascending id
        }
        Arrays.sort(keys);
        int[] ids = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            ids[i] = (int) keys[i];
        }
        return ids;
    }
}
