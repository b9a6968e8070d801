package ai.sail.demo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.sail.align.AdamW;
import ai.sail.align.LearningRateSchedule;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.HfCheckpointWriter;
import ai.sail.model.ModelConfig;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.report.ProgressBar;
import ai.sail.tensor.GradientNorm;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Produces the demo's base model: a small Llama-shaped decoder trained from random weights on the
 * {@link StoryGrammar} corpus by next-token prediction, saved as a Hugging Face checkpoint with a
 * word-level tokenizer. Everything is drawn from one seed, so the same seed, thread count and machine
 * give the same file.
 */
public final class BaseModelBuilder {

    /**
     * @param stories corpus size
     * @param steps training updates
     * @param batchSize stories per update
     * @param learningRate peak AdamW rate (cosine decay, short warm-up)
     */
    public record Settings(long seed, int stories, int steps, int batchSize, double learningRate, int hidden,
            int layers) {
        public Settings {
            if (stories < 1 || steps < 1 || batchSize < 1 || hidden < 8 || layers < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("base model settings must be positive: " + this);
            }
        }

        public static Settings standard(long seed) {
            return new Settings(seed, 6000, 700, 32, 3e-3, 64, 2);
        }
    }

    private BaseModelBuilder() {}

    /** The model's shape for a vocabulary of {@code vocab} tokens. */
    static ModelConfig config(Settings s, int vocab) {
        return ModelConfig.llama().vocabSize(vocab).hiddenSize(s.hidden()).layers(s.layers()).heads(4).kvHeads(2)
                .intermediateSize(2 * s.hidden()).maxPositions(128).tiedEmbeddings(true)
                .bosId(WordTokenizerFiles.BOS_ID).eosIds(List.of(WordTokenizerFiles.EOS_ID))
                .padId(WordTokenizerFiles.PAD_ID).build();
    }

    /** Trains the base model and writes it to {@code dir}; returns the final training loss (nats/token). */
    public static double build(Settings s, Path dir, PrintStream log) {
        List<String> words = StoryGrammar.vocabulary();
        WordTokenizerFiles tokenizer = new WordTokenizerFiles(words);
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), 4 + i);
        }
        ModelConfig config = config(s, tokenizer.size());
        Random rng = new Random(s.seed());
        List<long[]> corpus = new ArrayList<>();
        for (int i = 0; i < s.stories(); i++) {
            corpus.add(encode(StoryGrammar.story(rng), ids));
        }
        double lastLoss;
        try (NDManager manager = TorchRuntime.newManager(Device.cpu());
                Decoder decoder = new Decoder(config, DecoderWeights.random(config, manager, s.seed()), manager);
                AdamW optimizer = new AdamW(manager, 0.9, 0.95, 1e-8, 0.01)) {
            LearningRateSchedule schedule = new LearningRateSchedule(s.learningRate(), s.steps() / 20, s.steps(),
                    LearningRateSchedule.Decay.COSINE);
            Map<String, NDArray> params = decoder.weights().all();
            decoder.weights().requireGradients(true);
            ResponseScorer scorer = new ResponseScorer(decoder);
            ProgressBar bar = new ProgressBar("base model", s.steps(), "steps", log);
            lastLoss = Double.NaN;
            for (int step = 0; step < s.steps(); step++) {
                ScoringBatch batch = batch(corpus, rng, s.batchSize());
                try (StepScope scope = new StepScope(); GradientCollector g = TorchRuntime.engine().newGradientCollector()) {
                    ResponseScorer.Scores scores = scorer.score(batch, manager);
                    NDArray tokens = scores.mask().sum();
                    NDArray loss = scores.tokens().sum().neg().div(tokens); // mean negative log-likelihood
                    lastLoss = loss.getFloat();
                    g.backward(loss);
                }
                GradientNorm.clip(params.values(), 1.0);
                optimizer.step(params, schedule.at(step));
                bar.suffix(String.format(java.util.Locale.ROOT, "loss %.3f", lastLoss));
                bar.update(step + 1);
            }
            decoder.weights().requireGradients(false);
            HfCheckpointWriter.save(config, decoder.weights().toFloatArrays(), tokenizer, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the base model to " + dir + ": " + e.getMessage(), e);
        }
        return lastLoss;
    }

    /** BOS, the story's words, EOS. */
    static long[] encode(String story, Map<String, Integer> ids) {
        String[] words = story.split(" ");
        long[] out = new long[words.length + 2];
        out[0] = WordTokenizerFiles.BOS_ID;
        for (int i = 0; i < words.length; i++) {
            Integer id = ids.get(words[i]);
            if (id == null) {
                throw new IllegalStateException("word '" + words[i] + "' is not in the demo vocabulary");
            }
            out[i + 1] = id;
        }
        out[out.length - 1] = WordTokenizerFiles.EOS_ID;
        return out;
    }

    private static ScoringBatch batch(List<long[]> corpus, Random rng, int size) {
        long[][] rows = new long[size][];
        int length = 0;
        for (int i = 0; i < size; i++) {
            rows[i] = corpus.get(rng.nextInt(corpus.size()));
            length = Math.max(length, rows[i].length);
        }
        long[][] ids = new long[size][length];
        int[][] mask = new int[size][length];
        for (int i = 0; i < size; i++) {
            System.arraycopy(rows[i], 0, ids[i], 0, rows[i].length);
            for (int t = 0; t < rows[i].length; t++) {
                mask[i][t] = 1;
            }
        }
        return ScoringBatch.allTokens(ids, mask);
    }
}
