package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.sail.tensor.StepScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Log-probabilities of chosen tokens under the model: the quantity every preference loss is built
 * from. Works with or without an open gradient collector; the same code path serves evaluation,
 * reference scoring and training, so they cannot drift apart.
 */
public final class ResponseScorer {
    private final Decoder decoder;
    private final ForwardPass forward;

    public ResponseScorer(Decoder decoder) {
        this(decoder, ForwardPass.whole(decoder));
    }

    /** Scores through {@code forward}: a training step's pass (checkpointed or not) for {@link #score}. */
    public ResponseScorer(Decoder decoder, ForwardPass forward) {
        this.decoder = decoder;
        this.forward = forward;
    }

    /**
     * @param tokens {@code [B, T-1]}: log p(token t+1 | tokens up to t), 0 where not scored
     * @param mask {@code [B, T-1]}: 1 where scored
     * @param sequence {@code [B]}: the sum over scored tokens
     */
    public record Scores(NDArray tokens, NDArray mask, NDArray sequence) {}

    public Scores score(ScoringBatch batch, NDManager manager) {
        int b = batch.rows();
        int t = batch.length();
        if (t < 2) {
            throw new IllegalArgumentException("rows must hold at least two tokens to score one");
        }
        long[] flat = new long[b * t];
        float[] mask = new float[b * (t - 1)];
        // Only scored positions reach the output head (prompt and padding positions never need the
        // vocabulary); place[p] says where position p's value is in the scored list, or n for a 0.
        int n = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 1; j < t; j++) {
                n += batch.scored()[i][j] ? 1 : 0;
            }
        }
        long[] rows = new long[n];
        long[] targets = new long[n];
        long[] place = new long[b * (t - 1)];
        int k = 0;
        for (int i = 0; i < b; i++) {
            System.arraycopy(batch.ids()[i], 0, flat, i * t, t);
            for (int j = 1; j < t; j++) {
                int p = i * (t - 1) + j - 1;
                if (batch.scored()[i][j]) {
                    mask[p] = 1f;
                    rows[k] = p;
                    targets[k] = batch.ids()[i][j];
                    place[p] = k++;
                } else {
                    place[p] = n;
                }
            }
        }
        NDArray ids = manager.create(flat, new Shape(b, t));
        NDArray hidden = forward.hidden(ids, new AttentionLayout(batch.valid(), t)); // [B, T, D]
        long d = hidden.getShape().get(2);
        NDArray maskArray = manager.create(mask, new Shape(b, t - 1));
        // Index arrays made from Java data stay in this scope until the backward pass: autograd keeps them.
        NDArray scoredRows = hidden.get(new NDIndex(":, :-1, :")).reshape((long) b * (t - 1), d)
                .get(new NDIndex("{}", manager.create(rows))); // [n, D]
        NDArray picked = n == 0 ? manager.zeros(new Shape(0))
                : TokenLogProbs.of(decoder, scoredRows, manager.create(targets)); // [n]
        NDArray tokens = picked.concat(manager.zeros(new Shape(1))) // [n + 1]: the last entry is the 0
                .get(new NDIndex("{}", manager.create(place)))
                .reshape(b, t - 1);
        return new Scores(tokens, maskArray, tokens.sum(new int[] {1}));
    }

    /**
     * {@code log p(response | prompt)} of each pair as plain numbers, scored in batches of
     * {@code batchSize} rows, each inside its own {@link StepScope}. For evaluation, rewards and the
     * frozen reference: call it with no gradient collector open, and nothing is recorded.
     */
    public double[] sequenceLogProbs(List<int[]> prompts, List<int[]> responses, int batchSize) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
        }
        double[] out = new double[prompts.size()];
        for (int from = 0; from < prompts.size(); from += batchSize) {
            int to = Math.min(prompts.size(), from + batchSize);
            try (StepScope scope = new StepScope()) {
                float[] sums = score(ScoringBatch.promptAndResponse(prompts.subList(from, to), responses.subList(from, to)),
                        decoder.manager()).sequence().toFloatArray();
                for (int b = 0; b < sums.length; b++) {
                    out[from + b] = sums[b];
                }
            }
        }
        return out;
    }

    /**
     * {@code log p(token | everything before it)} of each response token, per pair, as plain numbers:
     * what {@link #sequenceLogProbs} sums. For comparing another engine's per-token log-probabilities
     * with the model's own; call it with no gradient collector open.
     */
    public List<float[]> tokenLogProbs(List<int[]> prompts, List<int[]> responses, int batchSize) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
        }
        List<float[]> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += batchSize) {
            int to = Math.min(prompts.size(), from + batchSize);
            try (StepScope scope = new StepScope()) {
                NDArray tokens = score(ScoringBatch.promptAndResponse(prompts.subList(from, to), responses.subList(from, to)),
                        decoder.manager()).tokens(); // [B, T-1]
                int width = (int) tokens.getShape().get(1);
                float[] flat = tokens.toFloatArray();
                for (int b = 0; b < to - from; b++) {
                    // Response token j of row b sits at column promptLength + j - 1 (scored from the token before it).
                    int start = prompts.get(from + b).length - 1;
                    int n = responses.get(from + b).length;
                    float[] row = new float[n];
                    System.arraycopy(flat, b * width + start, row, 0, n);
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** Reward-model value of each row at its last real token, {@code [B, numLabels]}. */
    public NDArray rewards(ScoringBatch batch, NDManager manager) {
        int b = batch.rows();
        int t = batch.length();
        long[] flat = new long[b * t];
        long[] last = new long[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(batch.ids()[i], 0, flat, i * t, t);
            last[i] = -1;
            for (int j = 0; j < t; j++) {
                if (batch.valid()[i][j] == 1) {
                    last[i] = (long) i * t + j;
                }
            }
            if (last[i] < 0) {
                throw new IllegalArgumentException("row " + i + " has no real token");
            }
        }
        NDArray hidden = decoder.forward(manager.create(flat, new Shape(b, t)),
                new AttentionLayout(batch.valid(), t), null);
        NDArray rows = hidden.reshape(b * t, decoder.config().hiddenSize())
                .get(new NDIndex("{}", manager.create(last))); // [B, D]
        return decoder.score(rows);
    }

}
