package ai.sail.eval;

import ai.sail.generate.Generation;
import ai.sail.model.Decoder;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.tensor.StepScope;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code log p(y|x)} of generated responses under one decoder: the sum of the response tokens'
 * log-probabilities, each given the prompt and the tokens before it. Scored through
 * {@link ResponseScorer}, the path the losses use, in right-padded batches, each inside a
 * {@link StepScope}. Only values are read out and no gradient collector is opened, so no autograd graph
 * is recorded.
 */
final class SequenceLogProbs {
    private SequenceLogProbs() {}

    static double[] of(Decoder decoder, List<Generation> responses, int batchSize) {
        double[] out = new double[responses.size()];
        ResponseScorer scorer = new ResponseScorer(decoder);
        for (int from = 0; from < responses.size(); from += batchSize) {
            int to = Math.min(responses.size(), from + batchSize);
            List<int[]> prompts = new ArrayList<>(to - from);
            List<int[]> tokens = new ArrayList<>(to - from);
            for (Generation g : responses.subList(from, to)) {
                prompts.add(g.prompt());
                tokens.add(g.tokens());
            }
            try (StepScope scope = new StepScope()) {
                float[] sums = scorer.score(ScoringBatch.promptAndResponse(prompts, tokens), decoder.manager())
                        .sequence().toFloatArray();
                for (int b = 0; b < sums.length; b++) {
                    out[from + b] = sums[b];
                }
            }
        }
        return out;
    }
}
