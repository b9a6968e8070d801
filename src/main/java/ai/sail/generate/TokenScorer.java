package ai.sail.generate;

import ai.sail.model.Decoder;
import ai.sail.model.ResponseScorer;
import ai.sail.tensor.NoGradient;
import java.util.ArrayList;
import java.util.List;

/**
 * Sail's own log-probability of each response token: how an engine's samples get the numbers the
 * losses and {@link Generation#logProbs()} are defined by, and what the engine's own numbers are
 * compared with.
 */
@FunctionalInterface
public interface TokenScorer {

    /** Per response, the log-probability of each of its tokens given the prompt and the tokens before it. */
    List<float[]> score(List<int[]> prompts, List<int[]> responses);

    /** The policy's scoring path ({@link ResponseScorer}), {@code batchSize} rows per pass, recording no gradient. */
    static TokenScorer of(Decoder policy, int batchSize) {
        return (prompts, responses) -> {
            // Empty responses have nothing to score and a batch of only such rows has no position to score.
            List<int[]> p = new ArrayList<>();
            List<int[]> r = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                if (responses.get(i).length > 0) {
                    p.add(prompts.get(i));
                    r.add(responses.get(i));
                }
            }
            List<float[]> scored;
            try (NoGradient off = NoGradient.open()) {
                scored = p.isEmpty() ? List.of() : new ResponseScorer(policy).tokenLogProbs(p, r, batchSize);
            }
            List<float[]> out = new ArrayList<>(responses.size());
            int k = 0;
            for (int[] response : responses) {
                out.add(response.length > 0 ? scored.get(k++) : new float[0]);
            }
            return out;
        };
    }
}
