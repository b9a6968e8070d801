package ai.sail.cli;

import ai.sail.model.LanguageModel;
import ai.sail.model.ScoringBatch;
import ai.sail.text.Prompt;
import ai.sail.text.PromptEncoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What {@code sail score} scores, one of two (an exclusive group): a prompt and a response as text,
 * or raw token-id rows with an attention mask.
 */
final class ScoreInput {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ArgGroup(exclusive = false)
    Text text;

    @ArgGroup(exclusive = false)
    Ids ids;

    static final class Text extends PromptOptions.Text {
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

    /**
     * The rows to score. Text: the prompt tokenized with the tokenizer's special tokens (or through
     * the chat template with {@code chat}), the response without, as the Python DPO trainers do; the
     * response tokens are scored. Ids: every real token after a row's first, the rows checked against
     * the model's vocabulary.
     */
    ScoringBatch batch(LanguageModel lm, boolean chat) throws JsonProcessingException {
        if (text != null) {
            PromptEncoder encoder = new PromptEncoder(lm.tokenizer(), lm.config().bosId());
            int[] prompt = encoder.prompt(Prompt.text(text.prompt), chat);
            return ScoringBatch.promptAndResponse(List.of(prompt), List.of(encoder.response(text.response)));
        }
        long[][] rows = json("--ids", ids.ids, long[][].class);
        int[][] mask = ids.attentionMask == null ? ones(rows) : json("--attention-mask", ids.attentionMask, int[][].class);
        checkShapes(rows, mask, lm.config().vocabSize());
        return ScoringBatch.allTokens(rows, mask);
    }

    private static <T> T json(String option, String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(option + ": expected a JSON array of integer rows such as [[1,17,42],[1,5,9]]: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static int[][] ones(long[][] rows) {
        int[][] m = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            m[i] = new int[rows[i].length];
            Arrays.fill(m[i], 1);
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
