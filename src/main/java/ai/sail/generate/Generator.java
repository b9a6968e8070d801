package ai.sail.generate;

import ai.sail.model.AttentionLayout;
import ai.sail.model.DecodeSession;
import ai.sail.model.Decoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Batched sampling with a KV cache. Prompts are left-padded so every row's next token sits in the
 * last column; positions and masks come from each row's real tokens ({@link AttentionLayout}), so a
 * padded row generates exactly what it would alone. Rows that finish are dropped from the batch and
 * the cache, so they stop costing compute.
 *
 * <p>Two checks guard against crashes and silent nonsense: every prompt must fit in the model's context
 * with its new tokens ({@link ContextBudget}), checked before anything is allocated, and a step whose
 * logits are not finite stops the call with an error naming the step and the prompt.
 *
 * <p>The forward passes run on a {@link DecodePath}: libtorch through the decoder, or for small models
 * on a CPU the Java {@link ai.sail.model.DecodeKernel} over a snapshot of the decoder's weights taken at
 * the start of each call. The loop, the sampler and its random stream are the same on both.
 */
public final class Generator implements ResponseGenerator {
    private final Decoder decoder;
    private final Function<int[], String> detokenize;
    private final DecodePath path;
    private GenerationTimings lastTimings;

    /**
     * @param detokenize turns response ids into text (special tokens skipped); used for stop strings
     *     and {@link Generation#text()}
     */
    public Generator(Decoder decoder, Function<int[], String> detokenize) {
        this(decoder, detokenize, DecodePath.AUTO);
    }

    /** A generator whose forward passes run on {@code path} ({@link DecodePath#AUTO}: the faster one). */
    public Generator(Decoder decoder, Function<int[], String> detokenize, DecodePath path) {
        this.decoder = decoder;
        this.detokenize = detokenize;
        this.path = path;
    }

    @Override
    public GenerationTimings lastTimings() {
        return lastTimings;
    }

    /** {@inheritDoc} {@link #generate} checks the same. */
    @Override
    public void checkContext(List<int[]> prompts, GenerationSettings settings) {
        ContextBudget.newTokens(prompts, settings, decoder.config(), 1);
    }

    /**
     * {@inheritDoc} Tokens are drawn from {@code rng}. Each prompt must hold at least one token and, with
     * its new tokens, fit in the model's context (see {@link GenerationSettings#capToContext}).
     */
    @Override
    public List<Generation> generate(List<int[]> prompts, GenerationSettings settings, Random rng, int firstNumber) {
        long start = System.nanoTime();
        long modelNanos = 0;
        long samplingNanos = 0;
        int batch = prompts.size();
        if (batch == 0) {
            return List.of();
        }
        int[] budget = ContextBudget.newTokens(prompts, settings, decoder.config(), firstNumber);
        int promptLength = 0;
        int maxNew = 0;
        for (int i = 0; i < batch; i++) {
            promptLength = Math.max(promptLength, prompts.get(i).length);
            maxNew = Math.max(maxNew, budget[i]);
        }
        int vocab = decoder.config().vocabSize();
        Sampler sampler = Sampler.of(settings.sampling());

        // Per original row: generated ids and their log-probabilities.
        int[][] tokens = new int[batch][maxNew];
        float[][] logProbs = new float[batch][maxNew];
        int[] produced = new int[batch];
        boolean[] eos = new boolean[batch];
        boolean[] stopped = new boolean[batch];

        // Active rows, in cache order, and their validity over all keys so far.
        int[] active = new int[batch];
        Arrays.setAll(active, i -> i);
        int[][] valid = new int[batch][promptLength + maxNew];
        long[] firstIds = new long[batch * promptLength];
        for (int r = 0; r < batch; r++) {
            int[] p = prompts.get(r);
            int pad = promptLength - p.length;
            for (int j = 0; j < promptLength; j++) {
                firstIds[r * promptLength + j] = j < pad ? p[0] : p[j - pad];
                valid[r][j] = j < pad ? 0 : 1;
            }
        }

        int capacity = promptLength + maxNew;
        DecodePath ran = path.resolve(decoder, batch, capacity);
        long opening = System.nanoTime();
        try (DecodeSession session = ran.open(decoder, batch, capacity)) {
            modelNanos += System.nanoTime() - opening; // the Java path's weight snapshot is model time
            long[] stepIds = firstIds;
            int stepLength = promptLength;
            for (int step = 0; step < maxNew && active.length > 0; step++) {
                int keys = promptLength + step;
                float[] rowLogProbs;
                long t0 = System.nanoTime();
                int[][] layoutRows = new int[active.length][];
                for (int a = 0; a < active.length; a++) {
                    layoutRows[a] = Arrays.copyOf(valid[active[a]], keys);
                }
                rowLogProbs = session.nextLogProbs(stepIds, new AttentionLayout(layoutRows, stepLength)); // [B * V]
                long t1 = System.nanoTime();
                modelNanos += t1 - t0;

                long[] next = new long[active.length];
                for (int a = 0; a < active.length; a++) {
                    int row = active[a];
                    int id = sampler.sample(rowLogProbs, a * vocab, vocab, rng);
                    float logProb = rowLogProbs[a * vocab + id];
                    if (!Float.isFinite(logProb)) {
                        throw nonFiniteLogits(logProb, step, (long) firstNumber + row);
                    }
                    next[a] = id;
                    tokens[row][produced[row]] = id;
                    logProbs[row][produced[row]] = logProb;
                    produced[row]++;
                    valid[row][keys] = 1;
                }
                long t2 = System.nanoTime();
                samplingNanos += t2 - t1;

                List<Integer> keep = new ArrayList<>();
                for (int a = 0; a < active.length; a++) {
                    int row = active[a];
                    if (settings.eosIds().contains((int) next[a])) {
                        eos[row] = true;
                    } else if (!settings.stopStrings().isEmpty() && hitsStopString(tokens[row], produced[row], settings)) {
                        stopped[row] = true;
                    } else if (produced[row] < budget[row]) {
                        keep.add(a); // a row capped to the context stops at its own budget
                    }
                }
                if (keep.size() < active.length && keep.size() > 0 && step + 1 < maxNew) {
                    long[] rows = keep.stream().mapToLong(Integer::longValue).toArray();
                    session.keepRows(rows);
                }
                int[] stillActive = new int[keep.size()];
                long[] keptIds = new long[keep.size()];
                for (int k = 0; k < keep.size(); k++) {
                    stillActive[k] = active[keep.get(k)];
                    keptIds[k] = next[keep.get(k)];
                }
                active = stillActive;
                stepIds = keptIds;
                stepLength = 1;
            }
        }

        List<Generation> out = new ArrayList<>(batch);
        for (int r = 0; r < batch; r++) {
            int[] ids = Arrays.copyOf(tokens[r], produced[r]);
            String text = detokenize.apply(ids);
            if (stopped[r]) {
                text = cutAtStopString(text, settings);
            }
            out.add(new Generation(prompts.get(r).clone(), ids, Arrays.copyOf(logProbs[r], produced[r]), text,
                    eos[r], stopped[r]));
        }
        long total = System.nanoTime() - start;
        long generated = Arrays.stream(produced).sum();
        lastTimings = new GenerationTimings(modelNanos, samplingNanos, total - modelNanos - samplingNanos,
                generated, maxNew, ran);
        return out;
    }

    /**
     * Checked on the chosen token's log-probability, a value the loop reads anyway: a NaN or infinite
     * logit makes the whole row's log-softmax NaN (or the chosen entry infinite), so this one test per row
     * catches it at no measurable cost, where sampling would otherwise go on to print plausible tokens.
     */
    @Override
    public String describe() {
        return "in-process sampler";
    }

    private IllegalArgumentException nonFiniteLogits(float logProb, int step, long prompt) {
        return new IllegalArgumentException("the model produced " + (Float.isNaN(logProb) ? "NaN" : "infinite")
                + " logits at step " + (step + 1) + " of prompt " + prompt + "; its weights may be corrupt ("
                + decoder.weights().origin() + ")");
    }

    private boolean hitsStopString(int[] row, int length, GenerationSettings settings) {
        String text = detokenize.apply(Arrays.copyOf(row, length));
        for (String s : settings.stopStrings()) {
            if (text.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} up to the first of the settings' stop strings it contains. */
    static String cutAtStopString(String text, GenerationSettings settings) {
        int cut = text.length();
        for (String s : settings.stopStrings()) {
            int at = text.indexOf(s);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut);
    }
}
