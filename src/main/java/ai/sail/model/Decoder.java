package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.norm.LayerNorm;
import ai.sail.tensor.Constants;
import ai.sail.tensor.StepScope;

/**
 * One decoder-only transformer for every supported family; the {@link Architecture} switches pick
 * the norm, position scheme and MLP. {@link #forward} is the math in order.
 *
 * <p>Hand-written rather than built from DJL blocks: the model must load foreign checkpoints by
 * name, share weights between generation and training, and keep every constant out of the autograd
 * graph's reach (see {@link Constants}); DJL's block system owns its parameters and does none of this.
 */
public final class Decoder implements AutoCloseable {
    private final ModelConfig config;
    private final DecoderWeights weights;
    private final NDManager manager;
    private final Constants constants;
    private final Rope rope;

    public Decoder(ModelConfig config, DecoderWeights weights, NDManager manager) {
        this.config = config;
        this.weights = weights;
        this.manager = manager;
        this.constants = new Constants(manager);
        this.rope = config.architecture().positions == Architecture.Positions.ROTARY
                ? new Rope(manager, config.headDim(), config.ropeTheta(), config.ropeStyle())
                : null;
    }

    public ModelConfig config() {
        return config;
    }

    public DecoderWeights weights() {
        return weights;
    }

    public NDManager manager() {
        return manager;
    }

    public Constants constants() {
        return constants;
    }

    /**
     * The same model with its LoRA adapters switched off: a decoder over a view of the same frozen
     * arrays ({@link DecoderWeights#withoutAdapters}). Closing it frees only its own constants.
     */
    public Decoder withoutAdapters() {
        return new Decoder(config, weights.withoutAdapters(), manager);
    }

    /**
     * Final hidden states {@code [B, T, D]} for tokens {@code ids} ({@code [B, T]}, int64) laid out by
     * {@code layout}. With a cache, the keys and values of these tokens are appended to it and
     * attention also sees everything cached before; without one, {@code ids} is the whole sequence.
     */
    public NDArray forward(NDArray ids, AttentionLayout layout, KvCache cache) {
        Pass pass = pass(ids, layout);
        NDArray x = embed(ids, pass); // [B, T, D]
        for (int l = 0; l < config.layers(); l++) {
            x = scopedBlock(l, x, pass, cache);
        }
        if (cache != null) {
            cache.advance((int) ids.getShape().get(1));
        }
        return finalNorm(x);
    }

    // The forward's pieces, in order. ActivationCheckpoints runs them one by one (blocks without
    // recording, then again in reverse with recording); forward() is the only other caller, so the
    // math has one definition.

    /** What every block of one forward shares: positions, the additive attention mask, rotary angles. */
    record Pass(NDArray positions, NDArray mask, Rope.Angles angles) {}

    Pass pass(NDArray ids, AttentionLayout layout) {
        // Checked before the mask is built: a long sequence's mask is the largest thing allocated here.
        // Past its positions a GPT-2 model has nothing to embed, and a rotary one would compute angles it
        // was never trained on and return plausible-looking numbers: both are refused.
        int maxPosition = layout.maxPosition();
        if (maxPosition >= config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + (maxPosition + 1)
                    + " tokens exceeds the model's " + config.maxPositions()
                    + " positions (" + config.maxPositionsField() + ")");
        }
        NDManager m = ids.getManager();
        NDArray positions = layout.positions(m);
        return new Pass(positions, layout.additiveMask(m), rope == null ? null : rope.angles(positions, maxPosition));
    }

    /** The first block's input {@code [B, T, D]}: token embeddings, plus learned positions (GPT-2). */
    NDArray embed(NDArray ids, Pass pass) {
        NDArray x = weights.embed(ids); // [B, T, D], widened if the table is held 16-bit
        if (config.architecture().positions == Architecture.Positions.LEARNED) {
            x = x.add(lookup(weights.positionEmbedding().orElseThrow(), pass.positions()));
        }
        return x;
    }

    /**
     * {@link #block} whose intermediates are freed as soon as it returns, as PyTorch frees a tensor
     * when its last reference goes. What a backward pass needs stays alive anyway: autograd holds its
     * own reference to every tensor it saved. Without this, every intermediate of every block
     * (attention scores before the softmax, the MLP's products) would live until the step ends, on
     * top of what autograd keeps: at Qwen2.5-0.5B's shape that was 21.7 GiB against 12.0 GiB.
     */
    NDArray scopedBlock(int l, NDArray x, Pass pass, KvCache cache) {
        try (StepScope part = StepScope.part()) {
            return part.handOut(block(l, x, pass, cache));
        }
    }

    /** Block {@code l}: pre-norm attention and MLP, each added to the residual stream {@code x}. */
    NDArray block(int l, NDArray x, Pass pass, KvCache cache) {
        DecoderWeights.Layer layer = weights.layers().get(l);
        NDArray h = norm(x, layer.attentionNorm());
        x = x.add(attention(h, l, layer, pass.angles(), pass.mask(), cache));
        h = norm(x, layer.mlpNorm());
        return x.add(mlp(h, layer));
    }

    /** The norm after the last block: its output is what {@link #logits} and {@link #score} read. */
    NDArray finalNorm(NDArray x) {
        return norm(x, weights.finalNorm());
    }

    /** Next-token logits {@code [.., V]} from hidden states {@code [.., D]}. */
    public NDArray logits(NDArray hidden) {
        return weights.outputHead().apply(hidden);
    }

    /**
     * The logits of one token per row, {@code [N]}, from hidden states {@code [N, D]} and token ids
     * {@code [N]} (int64): entry i is {@code logits(hidden)[i, tokens[i]]}, computed from the head's
     * rows of those tokens without the other V - 1 logits. The output head never has a bias or an
     * adapter ({@link DecoderWeights#outputHead}), so its rows are all there is to it.
     */
    public NDArray tokenLogits(NDArray hidden, NDArray tokens) {
        NDArray rows = weights.outputHead().rows(tokens); // [N, D], float32 however the head is held
        return hidden.mul(rows).sum(new int[] {-1});
    }

    /** Reward-model scores {@code [.., numLabels]} from hidden states {@code [.., D]}. */
    public NDArray score(NDArray hidden) {
        return weights.score()
                .orElseThrow(() -> new IllegalArgumentException("decoder has no score head: not a reward model"))
                .apply(hidden);
    }

    private NDArray attention(NDArray h, int index, DecoderWeights.Layer layer, Rope.Angles angles, NDArray mask,
            KvCache cache) {
        long b = h.getShape().get(0);
        long t = h.getShape().get(1);
        int heads = config.heads();
        int kv = config.kvHeads();
        int hd = config.headDim();

        // One projection, one head split: [B, T, (H + 2 KV) hd] -> [B, H + 2 KV, T, hd]
        NDArray heads3 = layer.qkv().apply(h).reshape(b, t, heads + 2L * kv, hd).transpose(0, 2, 1, 3);
        NDList qkAndV = heads3.split(new long[] {heads + kv}, 1);
        NDArray qk = qkAndV.get(0); // [B, H + KV, T, hd]: queries and keys rotate together
        if (rope != null) {
            qk = rope.apply(qk, angles);
        }
        NDList qAndK = qk.split(new long[] {heads}, 1);
        NDArray q = qAndK.get(0); // [B, H, T, hd]
        NDArray k = qAndK.get(1); // [B, KV, T, hd]
        NDArray v = qkAndV.get(1); // [B, KV, T, hd]
        if (cache != null) {
            NDArray[] kvAll = cache.append(index, k, v);
            k = kvAll[0]; // [B, KV, Tk, hd]
            v = kvAll[1];
        }
        long tk = k.getShape().get(2);
        int g = config.groupSize();
        // Grouped-query attention without copying keys: the g query heads that share a key head
        // become g*T rows of one [B, KV, g*T, hd] matrix (query head i uses key head i / g).
        q = q.mul(constants.scalar((float) (1.0 / Math.sqrt(hd)))).reshape(b, kv, g * t, hd);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)) // [B, KV, g*T, Tk]
                .reshape(b, heads, t, tk)
                .add(mask) // [B, 1, T, Tk] broadcast over heads
                .softmax(-1)
                .reshape(b, kv, g * t, tk);
        NDArray out = scores.matMul(v) // [B, KV, g*T, hd]
                .reshape(b, heads, t, hd)
                .transpose(0, 2, 1, 3)
                .reshape(b, t, (long) heads * hd);
        return layer.output().apply(out);
    }

    private NDArray mlp(NDArray h, DecoderWeights.Layer layer) {
        if (config.architecture().mlp == Architecture.Mlp.SWIGLU) {
            NDList gateUp = layer.up().apply(h).split(2, 2); // [B, T, 2F] -> gate, up [B, T, F]
            NDArray gate = gateUp.get(0);
            NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()); // SiLU
            return layer.down().apply(act.mul(gateUp.get(1)));
        }
        NDArray up = layer.up().apply(h); // [B, T, F]
        return layer.down().apply(geluTanh(up));
    }

    /** GPT-2's {@code gelu_new}: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    private NDArray geluTanh(NDArray x) {
        NDArray cube = x.mul(x).mul(x);
        NDArray inner = x.add(cube.mul(constants.scalar(0.044715f)))
                .mul(constants.scalar((float) Math.sqrt(2.0 / Math.PI)));
        return x.mul(constants.scalar(0.5f)).mul(inner.tanh().add(constants.scalar(1f)));
    }

    private NDArray norm(NDArray x, DecoderWeights.Norm norm) {
        NDArray w = norm.weight();
        if (config.architecture().norm == Architecture.Norm.LAYER) {
            return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), w, norm.bias(), config.normEps()).head();
        }
        // RMSNorm: x / sqrt(mean(x^2) + eps) * w
        NDArray rms = x.square().mean(new int[] {-1}, true).add(constants.scalar(config.normEps())).sqrt();
        return x.div(rms).mul(w);
    }

    private static NDArray lookup(NDArray table, NDArray ids) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
    }

    @Override
    public void close() {
        if (rope != null) {
            rope.close();
        }
        constants.close();
        weights.close();
    }
}
