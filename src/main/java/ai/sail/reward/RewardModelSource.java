package ai.sail.reward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.tensor.StepScope;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Hugging Face sequence-classification checkpoint ({@code *ForSequenceClassification}, a
 * {@code score} head) used as the reward: the standard learned reward of RLHF.
 *
 * <p>Each query is formatted by {@link RewardModelEncoder}. Queries are scored in batches of
 * {@code batchSize} rows, right-padded; the score is label 0 of the head at each row's last real token
 * ({@link ResponseScorer#rewards}), so padding does not change a row's score. No truncation: a
 * sequence longer than the model supports is an error. Not thread-safe: one caller at a time.
 */
public final class RewardModelSource implements RewardSource {
    /** Rows per forward pass when the caller does not say. */
    public static final int DEFAULT_BATCH_SIZE = 8;

    private final LanguageModel model;
    private final RewardModelEncoder encoder;
    private final ResponseScorer scorer;
    private final int batchSize;

    /** Takes ownership of {@code model}: closing this source closes it. */
    public RewardModelSource(LanguageModel model, int batchSize) {
        if (!model.config().isRewardModel()) {
            throw new IllegalArgumentException(model.source() + " is not a reward model (no score head)");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("reward model batch size must be > 0, got " + batchSize);
        }
        this.model = model;
        this.encoder = new RewardModelEncoder(model);
        this.scorer = new ResponseScorer(model.decoder());
        this.batchSize = batchSize;
    }

    /** Loads the checkpoint at {@code path} (a directory or a hub id in the local cache) onto {@code device}. */
    public static RewardModelSource load(String path, Device device, int batchSize) {
        LanguageModel model = ModelLoader.load(path, device);
        try {
            return new RewardModelSource(model, batchSize);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        double[] out = new double[queries.size()];
        for (IndexRange range : IndexRange.chunks(queries.size(), batchSize)) {
            int[][] rows = new int[range.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = encoder.encode(queries.get(range.from() + i), range.from() + i);
            }
            double[] scores = scoreRows(rows);
            System.arraycopy(scores, 0, out, range.from(), scores.length);
        }
        return out;
    }

    /** Label-0 scores of token rows (any lengths; padded here). */
    double[] scoreRows(int[][] rows) {
        int length = 0;
        for (int[] row : rows) {
            length = Math.max(length, row.length);
        }
        long pad = Math.max(0, model.config().padId());
        long[][] ids = new long[rows.length][length];
        int[][] valid = new int[rows.length][length];
        for (int b = 0; b < rows.length; b++) {
            Arrays.fill(ids[b], pad);
            for (int t = 0; t < rows[b].length; t++) {
                ids[b][t] = rows[b][t];
                valid[b][t] = 1;
            }
        }
        ScoringBatch batch = new ScoringBatch(ids, valid, new boolean[rows.length][length]);
        int labels = model.config().numLabels();
        try (StepScope scope = new StepScope()) {
            NDArray scores = scorer.rewards(batch, model.decoder().manager()); // [B, labels]
            float[] values = scores.toFloatArray();
            double[] out = new double[rows.length];
            for (int b = 0; b < rows.length; b++) {
                out[b] = values[b * labels];
            }
            return out;
        }
    }

    @Override
    public String describe() {
        return "reward model " + model.source() + " (" + model.config().architecture().name().toLowerCase(Locale.ROOT)
                + ", label 0 of " + model.config().numLabels() + ", "
                + (encoder.usesChatTemplate() ? "its chat template" : "plain prompt + response text") + ")";
    }

    @Override
    public void close() {
        model.close();
    }
}
