package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.sail.tensor.StepScope;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code log p(token)} of one token per hidden-state row, as
 * {@code logit[token] - logsumexp(logits)}, without a second full-vocabulary tensor.
 *
 * <p>Why not {@code logSoftmax} then gather: that keeps two {@code [N, V]} tensors (the logits and the
 * log-softmax, which autograd saves) where a 0.5B Qwen has V = 151,936. Here the target's logit comes
 * from the head's row of that token alone ({@link Decoder#tokenLogits}), and the log-sum-exp is taken
 * chunk by chunk of rows: a chunk's logits are freed as soon as its log-sum-exp exists. Without a
 * gradient collector only one chunk's logits ever exist; under one, autograd keeps the
 * {@code exp(logits - max)} of each chunk (what the log-sum-exp's backward needs), one
 * {@code [N, V]} tensor in all.
 *
 * <p>The max is taken from detached logits: the log-sum-exp's value and gradient (the softmax) do
 * not depend on the shift, so it needs no graph of its own.
 */
final class TokenLogProbs {
    /** Logits per chunk (64 MiB of float32): small enough to be cheap, large enough for fast kernels. */
    static final long CHUNK_ELEMENTS = 1L << 24;

    private TokenLogProbs() {}

    /**
     * @param hidden {@code [N, D]}
     * @param tokens {@code [N]} (int64): the token of each row. Autograd keeps it (the head-row lookup's
     *     index), so it must live until the backward pass: it belongs to the caller's scope.
     * @return {@code [N]}: log p(tokens[i] | row i)
     */
    static NDArray of(Decoder decoder, NDArray hidden, NDArray tokens) {
        return of(decoder, hidden, tokens, Math.max(1, (int) (CHUNK_ELEMENTS / decoder.config().vocabSize())));
    }

    static NDArray of(Decoder decoder, NDArray hidden, NDArray tokens, int rowsPerChunk) {
        int n = (int) tokens.size();
        List<NDArray> parts = new ArrayList<>();
        for (int from = 0; from < n; from += rowsPerChunk) {
            int to = Math.min(n, from + rowsPerChunk);
            try (StepScope chunk = StepScope.part()) {
                boolean whole = n == to - from;
                NDArray rows = whole ? hidden : hidden.get(new NDIndex("{}:{}", from, to)); // [C, D]
                NDArray target = decoder.tokenLogits(rows, whole ? tokens : tokens.get(new NDIndex("{}:{}", from, to)));
                NDArray logits = decoder.logits(rows); // [C, V]
                NDArray max = logits.stopGradient().max(new int[] {1}, true); // [C, 1]
                NDArray logSumShifted = logits.sub(max).exp().sum(new int[] {1}).log(); // [C]
                // (logit - max) - log sum exp(logits - max): log-softmax's own order of operations
                parts.add(chunk.handOut(target.sub(max.squeeze(1)).sub(logSumShifted)));
            }
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 0);
    }
}
