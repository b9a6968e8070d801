package ai.sail.cli;

import ai.djl.ndarray.NDArray;
import ai.sail.model.LanguageModel;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code sail score} prints, as rows ready for JSON: log-probabilities, or a reward model's scores. */
final class ScoreRows {
    private ScoreRows() {}

    /** Per row: each scored token ({@code id}, {@code token}, {@code logprob}) and {@code sum_logprob}. */
    static List<Map<String, Object>> logProbs(LanguageModel lm, ScoringBatch batch, ResponseScorer.Scores s) {
        float[] tokens = s.tokens().toFloatArray();
        float[] sums = s.sequence().toFloatArray();
        int width = batch.length() - 1;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int b = 0; b < batch.rows(); b++) {
            List<Map<String, Object>> scored = new ArrayList<>();
            for (int t = 1; t < batch.length(); t++) {
                if (batch.scored()[b][t]) {
                    int id = (int) batch.ids()[b][t];
                    Map<String, Object> tok = new LinkedHashMap<>();
                    tok.put("id", id);
                    tok.put("token", lm.tokenizer().tokenText(id));
                    tok.put("logprob", tokens[b * width + t - 1]);
                    scored.add(tok);
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tokens", scored);
            row.put("sum_logprob", sums[b]);
            rows.add(row);
        }
        return rows;
    }

    /** Per row of a reward model: its {@code score}, or {@code scores} when the head has several labels. */
    static List<Map<String, Object>> rewards(NDArray scores) {
        long labels = scores.getShape().get(1);
        float[] values = scores.toFloatArray();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int b = 0; b < values.length / labels; b++) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (labels == 1) {
                row.put("score", values[b]);
            } else {
                row.put("scores", Arrays.copyOfRange(values, (int) (b * labels), (int) ((b + 1) * labels)));
            }
            rows.add(row);
        }
        return rows;
    }
}
