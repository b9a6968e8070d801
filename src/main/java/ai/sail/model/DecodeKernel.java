package ai.sail.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The decoder's forward for generation, in plain Java over float arrays: no autograd, no native calls.
 * {@link #nextLogProbs} is {@link Decoder#forward} with a cache, then the output head and log-softmax
 * of each row's last token, the math in the same order.
 *
 * <p>Why hand-written: at the sizes Sail trains on a CPU, a decoding step is dominated by the cost of
 * calling libtorch, not by arithmetic. A step of stories260K (d 64, 5 layers) is about 250 libtorch
 * calls at some 7 µs each through DJL, for about half a million multiply-adds per token that a core does
 * in tens of microseconds. No library offers a fused CPU decode step over DJL's tensors, so this class
 * does it: each projection is one loop nest over the weights held transposed (a sum of scaled weight
 * rows, which the JIT turns into vector instructions), and nothing crosses into native code.
 *
 * <p>How {@link Decoder} stays the source of truth: the kernel holds no weights of its own. Each
 * generation call takes a snapshot of the decoder's current weights ({@link KernelWeights}, LoRA
 * adapters folded in) and reads the same {@link ModelConfig}: the same {@link Architecture} switches,
 * the same rotary tables ({@link Rope.Table}) and the same rule for what a query may see
 * ({@link AttentionLayout}: earlier real tokens and itself). What it cannot reproduce exactly it refuses
 * ({@link #refusal}), and the libtorch path runs. Tests compare its log-probabilities with the decoder's
 * for every family, with adapters, and on a real checkpoint.
 *
 * <p>Padding is skipped rather than masked: a padded position's key is never visible to a real query and
 * its output is never read, unless it is a row's last column, which is computed and then not cached.
 */
public final class DecodeKernel implements DecodeSession {
    /** Rows of a projection computed together, so that each weight row is read once per block from cache. */
    private static final int ROW_BLOCK = 8;

    private final ModelConfig config;
    private final KernelWeights weights;
    private final Rope.Table angles; // null with learned positions
    private final KernelCache cache;

    private DecodeKernel(ModelConfig config, KernelWeights weights, int batch, int capacity) {
        this.config = config;
        this.weights = weights;
        this.cache = new KernelCache(config, batch, capacity);
        this.angles = config.architecture().positions == Architecture.Positions.ROTARY
                ? Rope.Table.of(Math.min(capacity, config.maxPositions()), config.headDim(), config.ropeTheta(),
                        config.ropeStyle())
                : null;
    }

    /**
     * Why the kernel cannot stand in for {@code decoder}, or empty when it can. LoRA dropout, when on, draws
     * its masks from libtorch's random stream, which Java cannot reproduce.
     */
    public static Optional<String> refusal(Decoder decoder) {
        boolean dropout = decoder.weights().adapters()
                .map(a -> a.training() && a.settings().dropout() > 0).orElse(false);
        if (dropout) {
            return Optional.of("LoRA dropout is on (the adapters are training) and its masks come from libtorch");
        }
        return Optional.empty();
    }

    /**
     * A kernel over a snapshot of {@code decoder}'s current weights, for {@code batch} rows of at most
     * {@code capacity} tokens each (prompt and new tokens).
     *
     * @throws IllegalArgumentException when {@link #refusal} names a reason
     */
    public static DecodeKernel open(Decoder decoder, int batch, int capacity) {
        refusal(decoder).ifPresent(why -> {
            throw new IllegalArgumentException("the Java decode kernel cannot run this model: " + why);
        });
        return new DecodeKernel(decoder.config(), KernelWeights.snapshot(decoder.weights(), decoder.config()),
                batch, capacity);
    }

    @Override
    public float[] nextLogProbs(long[] ids, AttentionLayout layout) {
        if (layout.batch() != cache.rows() || ids.length != layout.batch() * layout.queries()) {
            throw new IllegalArgumentException("a step of " + layout.batch() + " rows x " + layout.queries()
                    + " tokens (" + ids.length + " ids) for a cache of " + cache.rows() + " rows");
        }
        Tokens tokens = Tokens.of(ids, layout, cache);
        int n = tokens.count();
        int d = config.hiddenSize();
        int limit = Math.min(config.maxPositions(), cache.capacity());
        for (int i = 0; i < n; i++) {
            if (tokens.slot[i] >= limit) {
                throw new IllegalArgumentException("sequence of " + (tokens.slot[i] + 1) + " tokens exceeds the "
                        + limit + " positions this kernel was opened for (the model has " + config.maxPositions() + ")");
            }
        }

        // The first block's input [n][D]: token embeddings, plus learned positions (GPT-2).
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(weights.embedding(), tokens.id[i] * d, x[i], 0, d);
            if (weights.positions() != null) {
                float[] p = weights.positions();
                int at = tokens.slot[i] * d;
                for (int c = 0; c < d; c++) {
                    x[i][c] += p[at + c];
                }
            }
        }
        Scratch s = new Scratch(config, n, cache.capacity());
        for (int l = 0; l < config.layers(); l++) {
            block(l, x, tokens, s);
        }
        for (int r = 0; r < cache.rows(); r++) {
            cache.setLength(r, tokens.lengthAfter[r]);
        }

        // Each row's last token: final norm, output head [B][V], log-softmax.
        int b = cache.rows();
        float[][] last = new float[b][];
        for (int r = 0; r < b; r++) {
            last[r] = x[tokens.lastOfRow[r]];
        }
        float[][] h = new float[b][d];
        norm(last, b, weights.finalNorm(), h);
        int v = config.vocabSize();
        float[][] logits = new float[b][v];
        linear(h, b, weights.head(), logits);
        float[] logProbs = new float[b * v];
        for (int r = 0; r < b; r++) {
            logSoftmax(logits[r], logProbs, r * v);
        }
        return logProbs;
    }

    /** Block {@code l}: pre-norm attention and MLP, each added to the residual stream {@code x} [n][D]. */
    private void block(int l, float[][] x, Tokens tokens, Scratch s) {
        KernelWeights.Layer layer = weights.layers().get(l);
        int n = tokens.count();
        int heads = config.heads();
        int kv = config.kvHeads();
        int hd = config.headDim();
        int kvWidth = kv * hd;
        norm(x, n, layer.attentionNorm(), s.h);
        linear(s.h, n, layer.qkv(), s.qkv); // [n][(H + 2 KV) hd]: queries, keys, values
        for (int i = 0; i < n; i++) {
            if (angles != null) {
                rotate(s.qkv[i], heads + kv, tokens.slot[i]); // queries and keys rotate together
            }
            // Written at the token's slot even when it is padding: a padded last column sees itself, and
            // its slot is overwritten by the row's next real token because the cache length skips it.
            int at = tokens.slot[i] * kvWidth;
            int row = tokens.row[i];
            System.arraycopy(s.qkv[i], heads * hd, cache.keys(row, l), at, kvWidth);
            System.arraycopy(s.qkv[i], (heads + kv) * hd, cache.values(row, l), at, kvWidth);
        }
        for (int i = 0; i < n; i++) {
            attend(s, i, l, tokens.row[i], tokens.slot[i]);
        }
        linear(s.attention, n, layer.output(), s.projected);
        addRows(x, s.projected, n);

        norm(x, n, layer.mlpNorm(), s.h);
        mlp(layer, n, s);
        addRows(x, s.projected, n);
    }

    /** Token {@code i}'s attention over its row's keys {@code [0, slot]}, into {@code s.attention[i]}. */
    private void attend(Scratch s, int i, int layer, int row, int slot) {
        int heads = config.heads();
        int kv = config.kvHeads();
        int hd = config.headDim();
        int g = config.groupSize();
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] keys = cache.keys(row, layer);
        float[] values = cache.values(row, layer);
        float[] scores = s.scores;
        float[] q = s.query;
        float[] qkv = s.qkv[i];
        float[] out = s.attention[i];
        for (int h = 0; h < heads; h++) {
            int kvHead = h / g; // grouped-query attention: query head h reads key head h / g
            for (int e = 0; e < hd; e++) {
                q[e] = qkv[h * hd + e] * scale; // scaled before the product, as the decoder does
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j <= slot; j++) {
                int k = (j * kv + kvHead) * hd;
                float dot = 0;
                for (int e = 0; e < hd; e++) {
                    dot += q[e] * keys[k + e];
                }
                scores[j] = dot;
                max = Math.max(max, dot);
            }
            float sum = 0;
            for (int j = 0; j <= slot; j++) {
                scores[j] = (float) Math.exp(scores[j] - max);
                sum += scores[j];
            }
            int o = h * hd;
            Arrays.fill(out, o, o + hd, 0f);
            for (int j = 0; j <= slot; j++) {
                float p = scores[j] / sum;
                int v = (j * kv + kvHead) * hd;
                for (int e = 0; e < hd; e++) {
                    out[o + e] += p * values[v + e];
                }
            }
        }
    }

    /** The MLP of {@code s.h} [n][D] into {@code s.projected} [n][D]. */
    private void mlp(KernelWeights.Layer layer, int n, Scratch s) {
        int f = config.intermediateSize();
        linear(s.h, n, layer.up(), s.up);
        switch (config.architecture().mlp) {
            case SWIGLU -> {
                // [n][2F]: gate then up; SiLU(gate) * up
                for (int i = 0; i < n; i++) {
                    float[] up = s.up[i];
                    float[] act = s.activated[i];
                    for (int c = 0; c < f; c++) {
                        float gate = up[c];
                        float silu = gate * (float) (1.0 / (1.0 + Math.exp(-gate)));
                        act[c] = silu * up[f + c];
                    }
                }
            }
            case GELU_TANH -> {
                // GPT-2's gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                double k = Math.sqrt(2.0 / Math.PI);
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < f; c++) {
                        double u = s.up[i][c];
                        s.activated[i][c] = (float) (0.5 * u * (1 + Math.tanh(k * (u + 0.044715 * u * u * u))));
                    }
                }
            }
        }
        linear(s.activated, n, layer.down(), s.projected);
    }

    /** Rotary embedding of the first {@code count} heads of {@code x}, at {@code position}. */
    private void rotate(float[] x, int count, int position) {
        int hd = config.headDim();
        int half = hd / 2;
        boolean split = config.ropeStyle() == RopeStyle.HALF_SPLIT;
        float[] cos = angles.cos();
        float[] sin = angles.sin();
        int row = position * hd;
        for (int h = 0; h < count; h++) {
            int head = h * hd;
            for (int p = 0; p < half; p++) {
                int a = split ? p : 2 * p; // which coordinates pair up: see RopeStyle
                int b = split ? p + half : 2 * p + 1;
                float xa = x[head + a];
                float xb = x[head + b];
                // (a, b) turns by the pair's angle: x cos + rotate(x) sin, rotate(a, b) = (-b, a)
                x[head + a] = xa * cos[row + a] - xb * sin[row + a];
                x[head + b] = xb * cos[row + b] + xa * sin[row + b];
            }
        }
    }

    /** The architecture's norm of each of the first {@code n} rows of {@code x}, into {@code y}. */
    private void norm(float[][] x, int n, KernelWeights.Norm norm, float[][] y) {
        int d = config.hiddenSize();
        float eps = config.normEps();
        float[] w = norm.weight();
        for (int i = 0; i < n; i++) {
            float[] xi = x[i];
            float[] yi = y[i];
            switch (config.architecture().norm) {
                case RMS -> {
                    // x / sqrt(mean(x^2) + eps) * w
                    double squares = 0;
                    for (int c = 0; c < d; c++) {
                        squares += xi[c] * xi[c];
                    }
                    float rms = (float) Math.sqrt((float) (squares / d) + eps);
                    for (int c = 0; c < d; c++) {
                        yi[c] = xi[c] / rms * w[c];
                    }
                }
                case LAYER -> {
                    // (x - mean) / sqrt(var + eps) * w + b, the variance over D (not D - 1)
                    double sum = 0;
                    for (int c = 0; c < d; c++) {
                        sum += xi[c];
                    }
                    double mean = sum / d;
                    double var = 0;
                    for (int c = 0; c < d; c++) {
                        var += (xi[c] - mean) * (xi[c] - mean);
                    }
                    double inv = 1.0 / Math.sqrt(var / d + eps);
                    float[] bias = norm.bias();
                    for (int c = 0; c < d; c++) {
                        yi[c] = (float) ((xi[c] - mean) * inv) * w[c] + bias[c];
                    }
                }
            }
        }
    }

    /**
     * {@code y = x W + b} for the first {@code n} rows: each input coordinate adds its scaled weight row to
     * the output row, four coordinates per pass. Written for the JIT: the inner loop indexes the output
     * and the four weight rows by the same index, each a separate array, which is the form C2 vectorises
     * (with one flat weight array at an offset it cannot rule out overlap and stays scalar: 5x slower,
     * measured). Blocks of rows share each weight row while it is in cache.
     */
    static void linear(float[][] x, int n, KernelWeights.Matrix m, float[][] y) {
        int in = m.in();
        int out = m.out();
        float[][] w = m.rows();
        for (int r0 = 0; r0 < n; r0 += ROW_BLOCK) {
            int r1 = Math.min(n, r0 + ROW_BLOCK);
            for (int r = r0; r < r1; r++) {
                if (m.bias() != null) {
                    System.arraycopy(m.bias(), 0, y[r], 0, out);
                } else {
                    Arrays.fill(y[r], 0, out, 0f);
                }
            }
            int i = 0;
            for (; i + 4 <= in; i += 4) {
                float[] w0 = w[i];
                float[] w1 = w[i + 1];
                float[] w2 = w[i + 2];
                float[] w3 = w[i + 3];
                for (int r = r0; r < r1; r++) {
                    float[] xr = x[r];
                    float[] yr = y[r];
                    float a0 = xr[i];
                    float a1 = xr[i + 1];
                    float a2 = xr[i + 2];
                    float a3 = xr[i + 3];
                    for (int o = 0; o < out; o++) {
                        yr[o] += a0 * w0[o] + a1 * w1[o] + a2 * w2[o] + a3 * w3[o];
                    }
                }
            }
            for (; i < in; i++) {
                float[] wi = w[i];
                for (int r = r0; r < r1; r++) {
                    float a = x[r][i];
                    float[] yr = y[r];
                    for (int o = 0; o < out; o++) {
                        yr[o] += a * wi[o];
                    }
                }
            }
        }
    }

    private static void addRows(float[][] x, float[][] y, int n) {
        for (int i = 0; i < n; i++) {
            float[] xi = x[i];
            float[] yi = y[i];
            for (int c = 0; c < xi.length; c++) {
                xi[c] += yi[c];
            }
        }
    }

    /** The log-softmax of {@code x} into {@code out[from ..]}: x - max - log(sum(exp(x - max))). */
    private static void logSoftmax(float[] x, float[] out, int from) {
        float max = Float.NEGATIVE_INFINITY;
        for (float value : x) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (float value : x) {
            sum += Math.exp(value - max);
        }
        float logSum = (float) Math.log(sum);
        for (int c = 0; c < x.length; c++) {
            out[from + c] = x[c] - max - logSum;
        }
    }

    @Override
    public void keepRows(long[] rows) {
        cache.keepRows(rows);
    }

    @Override
    public void close() {
        // Java arrays only: nothing to free.
    }

    /**
     * The tokens one step computes, in row order: every real token, and each row's last column even when
     * it is padding. {@code slot} is the token's cache index, which is also its position (the number of
     * real tokens before it in its row).
     */
    private record Tokens(int count, int[] row, int[] id, int[] slot, int[] lastOfRow, int[] lengthAfter) {
        static Tokens of(long[] ids, AttentionLayout layout, KernelCache cache) {
            int b = layout.batch();
            int t = layout.queries();
            int first = layout.keys() - t;
            int[] row = new int[b * t];
            int[] id = new int[b * t];
            int[] slot = new int[b * t];
            int[] lastOfRow = new int[b];
            int[] lengthAfter = new int[b];
            int n = 0;
            for (int r = 0; r < b; r++) {
                int seen = cache.length(r);
                for (int q = 0; q < t; q++) {
                    boolean real = layout.valid()[r][first + q] == 1;
                    if (real || q == t - 1) {
                        row[n] = r;
                        id[n] = Math.toIntExact(ids[r * t + q]);
                        slot[n] = seen;
                        n++;
                    }
                    if (real) {
                        seen++;
                    }
                }
                lastOfRow[r] = n - 1;
                lengthAfter[r] = seen;
            }
            return new Tokens(n, row, id, slot, lastOfRow, lengthAfter);
        }
    }

    /** Work arrays of one step, one row per token, reused by every layer. */
    private static final class Scratch {
        final float[][] h;
        final float[][] qkv;
        final float[][] attention;
        final float[][] projected;
        final float[][] up;
        final float[][] activated;
        final float[] scores;
        final float[] query;

        Scratch(ModelConfig c, int n, int capacity) {
            int d = c.hiddenSize();
            int f = c.intermediateSize();
            h = new float[n][d];
            qkv = new float[n][(c.heads() + 2 * c.kvHeads()) * c.headDim()];
            attention = new float[n][c.heads() * c.headDim()];
            projected = new float[n][d];
            up = new float[n][c.architecture().mlp == Architecture.Mlp.SWIGLU ? 2 * f : f];
            activated = new float[n][f];
            scores = new float[capacity];
            query = new float[c.headDim()];
        }
    }
}
