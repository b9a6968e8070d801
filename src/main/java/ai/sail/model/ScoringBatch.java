package ai.sail.model;

import java.util.List;

/**
 * Token rows to score, right-padded to one length, with which tokens count.
 *
 * @param ids {@code [B][T]} token ids (padding positions hold any valid id)
 * @param valid {@code [B][T]} 1 for real tokens, 0 for padding
 * @param scored {@code [B][T]} true for the tokens whose log-probability is wanted (each given the
 *     tokens before it); the first real token of a row can never be scored
 */
public record ScoringBatch(long[][] ids, int[][] valid, boolean[][] scored) {

    public ScoringBatch {
        if (ids.length == 0 || ids.length != valid.length || ids.length != scored.length) {
            throw new IllegalArgumentException("ids, valid and scored need the same, non-zero number of rows");
        }
        int t = ids[0].length;
        for (int b = 0; b < ids.length; b++) {
            if (ids[b].length != t || valid[b].length != t || scored[b].length != t) {
                throw new IllegalArgumentException("row " + b + " is not " + t + " long in ids, valid and scored");
            }
        }
    }

    public int rows() {
        return ids.length;
    }

    public int length() {
        return ids[0].length;
    }

    /** Prompt followed by response per row; the response tokens are scored. Right-padded with 0. */
    public static ScoringBatch promptAndResponse(List<int[]> prompts, List<int[]> responses) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
        }
        int b = prompts.size();
        int t = 0;
        for (int i = 0; i < b; i++) {
            if (prompts.get(i).length == 0) {
                throw new IllegalArgumentException("row " + i + ": the prompt must hold at least one token (e.g. BOS)");
            }
            t = Math.max(t, prompts.get(i).length + responses.get(i).length);
        }
        long[][] ids = new long[b][t];
        int[][] valid = new int[b][t];
        boolean[][] scored = new boolean[b][t];
        for (int i = 0; i < b; i++) {
            int[] p = prompts.get(i);
            int[] r = responses.get(i);
            for (int j = 0; j < p.length; j++) {
                ids[i][j] = p[j];
                valid[i][j] = 1;
            }
            for (int j = 0; j < r.length; j++) {
                ids[i][p.length + j] = r[j];
                valid[i][p.length + j] = 1;
                scored[i][p.length + j] = true;
            }
        }
        return new ScoringBatch(ids, valid, scored);
    }

    /** Raw rows with an attention mask: every real token after the row's first real token is scored. */
    public static ScoringBatch allTokens(long[][] ids, int[][] attentionMask) {
        boolean[][] scored = new boolean[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            scored[b] = new boolean[ids[b].length];
            boolean seen = false;
            for (int t = 0; t < ids[b].length; t++) {
                if (attentionMask[b][t] == 1) {
                    scored[b][t] = seen;
                    seen = true;
                }
            }
        }
        return new ScoringBatch(ids, attentionMask, scored);
    }
}
