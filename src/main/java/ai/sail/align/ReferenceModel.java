package ai.sail.align;

import ai.sail.model.Decoder;
import ai.sail.model.ResponseScorer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frozen reference: a decoder scored without gradient, plus an optional cache of the
 * log-probabilities of offline pairs, so that a pair seen again needs no reference forward pass.
 *
 * <p>The cache is keyed by the exact token ids of prompt and responses ({@link #key}), never by where
 * a pair came from: iterative DPO draws the same prompt several times in a round with different
 * responses, and a key by prompt gave every later pair the first pair's numbers.
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

    /**
     * The cache key of one pair: a SHA-256 digest of the three id sequences, each prefixed by its
     * length so that no two different triples share a byte stream.
     */
    static String key(int[] prompt, int[] first, int[] second) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * (3 + prompt.length + first.length + second.length));
        for (int[] ids : new int[][] {prompt, first, second}) {
            bytes.putInt(ids.length);
            for (int id : ids) {
                bytes.putInt(id);
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
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
     * Log-probabilities of each pair's first and second response: {@code [2][N]}. {@code cacheable}
     * says which pairs may be cached (online samples are not: they are not seen twice).
     */
    public float[][] score(List<int[]> prompts, List<int[]> first, List<int[]> second, List<Boolean> cacheable) {
        int n = prompts.size();
        float[][] out = new float[2][n];
        List<Integer> missing = new ArrayList<>();
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = caching && cacheable.get(i) ? key(prompts.get(i), first.get(i), second.get(i)) : null;
            float[] hit = keys[i] != null ? cache.get(keys[i]) : null;
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
                if (keys[i] != null) {
                    cache.put(keys[i], new float[] {out[0][i], out[1][i]});
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
