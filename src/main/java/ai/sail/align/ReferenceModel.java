package ai.sail.align;

import ai.sail.model.Decoder;
import ai.sail.model.ResponseScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frozen reference: a decoder scored without gradient, plus an optional cache of the
 * log-probabilities of dataset pairs (keyed by the pair's origin), so that offline pairs need the
 * reference forward pass only once per run.
 */
public final class ReferenceModel implements AutoCloseable {
    private Decoder decoder;
    private final boolean owned;
    private final Map<String, float[]> cache = new HashMap<>();
    private boolean caching;

    /** @param owned whether closing this closes the decoder (and its manager) */
    public ReferenceModel(Decoder decoder, boolean owned) {
        this.decoder = decoder;
        this.owned = owned;
    }

    public Decoder decoder() {
        return decoder;
    }

    /** Cache dataset pairs' scores from now on (they never change while the reference is frozen). */
    public void enableCache() {
        caching = true;
    }

    public Map<String, float[]> cache() {
        return cache;
    }

    /** Replaces the reference (iterative DPO's refresh); drops the cache. */
    public void replace(Decoder next) {
        if (owned && decoder != null) {
            decoder.close();
            decoder.manager().close();
        }
        decoder = next;
        cache.clear();
    }

    /**
     * Log-probabilities of each pair's first and second response: {@code [2][N]}. {@code cacheKeys}
     * names the pairs that may be cached (null entries are computed every time).
     */
    public float[][] score(List<int[]> prompts, List<int[]> first, List<int[]> second, List<String> cacheKeys) {
        int n = prompts.size();
        float[][] out = new float[2][n];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] hit = caching && cacheKeys.get(i) != null ? cache.get(cacheKeys.get(i)) : null;
            if (hit != null) {
                out[0][i] = hit[0];
                out[1][i] = hit[1];
            } else {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<int[]> p = new ArrayList<>();
            List<int[]> r = new ArrayList<>();
            for (int i : missing) {
                p.add(prompts.get(i));
                r.add(first.get(i));
            }
            for (int i : missing) {
                p.add(prompts.get(i));
                r.add(second.get(i));
            }
            double[] values = new ResponseScorer(decoder).sequenceLogProbs(p, r, p.size());
            int m = missing.size();
            for (int j = 0; j < m; j++) {
                int i = missing.get(j);
                out[0][i] = (float) values[j];
                out[1][i] = (float) values[m + j];
                if (caching && cacheKeys.get(i) != null) {
                    cache.put(cacheKeys.get(i), new float[] {out[0][i], out[1][i]});
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (owned && decoder != null) {
            decoder.close();
            decoder.manager().close();
        }
    }
}
