package ai.sail.cli;

import ai.djl.ndarray.NDArray;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.tensor.StepScope;
import ai.sail.text.PromptEncoder;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Print log-probabilities of a response given a prompt (or of raw token rows) as JSON.",
            "For a reward model (a *ForSequenceClassification checkpoint) prints each row's score instead."})
final class ScoreCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, paramLabel = "PATH|Org/Name", description = "The model, as for generate.")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @ArgGroup(exclusive = false)
        Text text;

        @ArgGroup(exclusive = false)
        Ids ids;
    }

    static final class Text {
        @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt (\"\" = BOS alone).")
        String prompt;

        @Option(names = "--response", required = true, paramLabel = "TEXT", description = "The response to score.")
        String response;
    }

    static final class Ids {
        @Option(names = "--ids", required = true, paramLabel = "JSON",
                description = "Token-id rows, e.g. '[[1,17,42],[1,5,9]]': each token is scored given the ones before it.")
        String ids;

        @Option(names = "--attention-mask", paramLabel = "JSON",
                description = "0/1 rows as long as --ids rows; 0 marks padding (default: all 1).")
        String attentionMask;
    }

    @Option(names = "--chat", description = "Render the prompt as a user message with the model's chat template.")
    boolean chat;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        var device = runtime.apply();
        try (LanguageModel lm = ModelLoader.load(model, device); StepScope scope = new StepScope()) {
            ScoringBatch batch;
            if (input.text != null) {
                PromptEncoder encoder = new PromptEncoder(lm.tokenizer(), lm.config().bosId());
                int[] prompt = encoder.prompt(Prompt.text(input.text.prompt), chat);
                batch = ScoringBatch.promptAndResponse(List.of(prompt), List.of(encoder.response(input.text.response)));
            } else {
                long[][] rows = JSON.readValue(input.ids.ids, long[][].class);
                int[][] mask = input.ids.attentionMask == null ? ones(rows)
                        : JSON.readValue(input.ids.attentionMask, int[][].class);
                checkShapes(rows, mask, lm.config().vocabSize());
                batch = ScoringBatch.allTokens(rows, mask);
            }
            ResponseScorer scorer = new ResponseScorer(lm.decoder());
            Object out = lm.config().isRewardModel()
                    ? rewardRows(scorer.rewards(batch, lm.decoder().manager()))
                    : logProbRows(lm, batch, scorer.score(batch, lm.decoder().manager()));
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
        return 0;
    }

    private static List<Map<String, Object>> logProbRows(LanguageModel lm, ScoringBatch batch, ResponseScorer.Scores s) {
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

    private static List<Map<String, Object>> rewardRows(NDArray scores) {
        long labels = scores.getShape().get(1);
        float[] values = scores.toFloatArray();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int b = 0; b < values.length / labels; b++) {
            Map<String, Object> row = new LinkedHashMap<>();
            if (labels == 1) {
                row.put("score", values[b]);
            } else {
                row.put("scores", java.util.Arrays.copyOfRange(values, (int) (b * labels), (int) ((b + 1) * labels)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static int[][] ones(long[][] rows) {
        int[][] m = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            m[i] = new int[rows[i].length];
            java.util.Arrays.fill(m[i], 1);
        }
        return m;
    }

    private static void checkShapes(long[][] rows, int[][] mask, int vocab) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("--ids: no rows");
        }
        if (mask.length != rows.length) {
            throw new IllegalArgumentException("--attention-mask has " + mask.length + " rows, --ids has " + rows.length);
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != rows[0].length) {
                throw new IllegalArgumentException("--ids row " + r + " has " + rows[r].length
                        + " tokens, row 0 has " + rows[0].length + "; pad rows to one length and pass --attention-mask");
            }
            if (mask[r].length != rows[r].length) {
                throw new IllegalArgumentException("--attention-mask row " + r + " is not as long as --ids row " + r);
            }
            for (int t = 0; t < rows[r].length; t++) {
                if (rows[r][t] < 0 || rows[r][t] >= vocab) {
                    throw new IllegalArgumentException("--ids row " + r + " position " + t + ": id " + rows[r][t]
                            + " is outside the vocabulary [0, " + vocab + ")");
                }
                if (mask[r][t] != 0 && mask[r][t] != 1) {
                    throw new IllegalArgumentException("--attention-mask row " + r + " position " + t + ": expected 0 or 1");
                }
            }
        }
    }
}
