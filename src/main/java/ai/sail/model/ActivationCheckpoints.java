package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import ai.sail.tensor.NoGradient;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient checkpointing: the blocks run forward without recording, and only each block's input
 * {@code [B, T, D]} is kept; the backward pass recomputes them one at a time, last first.
 *
 * <p>DJL has no custom autograd function, so the backward pass is chained by hand. The last block's
 * output is a leaf that requires a gradient; the head (final norm, and whatever the caller builds on
 * it: logits, log-probabilities, loss) is recorded on top of it, so the caller's
 * {@code collector.backward(loss)} ends at that leaf. {@link #backwardRest} then walks the blocks in
 * reverse: block k is run again, recording, from its stored input made a leaf, and the upstream
 * gradient g is pushed through it as the backward of {@code sum(output * g)} (g a tensor, never a
 * Java number: djl-notes, hazard 1); the input's gradient is the next g. Parameter gradients
 * accumulate across these backward calls exactly as in one whole backward. Last, the embedding
 * (when it trains) gets {@code sum(embed(ids) * g)}.
 *
 * <p>Peak memory is then the stored inputs, (L + 1) x {@code [B, T, D]}, plus one block's
 * activations, instead of every block's. The cost is one more forward of the blocks.
 *
 * <p>LoRA dropout: the recomputed block must draw the masks the first run drew, or its gradient
 * belongs to another function than the one whose output fed the next block. Dropping out only in
 * one of the two runs would be that mistake. So when dropout is on, the generator is reseeded before
 * each block, with the same per-block seed in both runs (a seed drawn once per step from the
 * generator itself): the recomputation replays the masks exactly. Without dropout nothing is
 * reseeded.
 *
 * <p>One instance serves one forward and its backward.
 */
public final class ActivationCheckpoints implements ForwardPass {
    private final Decoder decoder;
    private final List<NDArray> inputs = new ArrayList<>(); // block l's input at index l; owned here
    private long[] ids; // copied out: the walk runs after the caller's scope for the head has closed
    private ai.djl.ndarray.types.Shape idsShape;
    private AttentionLayout layout;
    private NDArray top; // the last block's output, a leaf; owned here
    private Long dropoutSeed; // null when no dropout is drawn

    public ActivationCheckpoints(Decoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public NDArray hidden(NDArray ids, AttentionLayout layout) {
        if (this.ids != null) {
            throw new IllegalStateException("a checkpointed pass serves one forward; open another for the next");
        }
        this.ids = ids.toLongArray();
        this.idsShape = ids.getShape();
        this.layout = layout;
        boolean dropout = decoder.weights().adapters().map(a -> a.training() && a.settings().dropout() > 0).orElse(false);
        dropoutSeed = dropout ? TorchRandom.drawSeed(decoder.manager()) : null;
        try (NoGradient off = NoGradient.open(); StepScope part = StepScope.part()) {
            Decoder.Pass pass = decoder.pass(ids, layout);
            NDArray x = decoder.embed(ids, pass);
            for (int l = 0; l < decoder.config().layers(); l++) {
                inputs.add(StepScope.unscoped(x));
                replayDropoutOf(l);
                x = decoder.scopedBlock(l, x, pass, null);
            }
            top = StepScope.unscoped(x);
        }
        top.setRequiresGradient(true);
        return decoder.finalNorm(top);
    }

    @Override
    public void backwardRest(GradientCollector collector) {
        if (top == null) {
            throw new IllegalStateException("backwardRest before hidden");
        }
        // The upstream gradient is owned here and closed as soon as the next one exists: at most two
        // [B, T, D] gradients and one block's activations are alive at a time.
        NDArray g = StepScope.unscoped(top.getGradient()); // dLoss/d(last block's output)
        try (StepScope walk = StepScope.part()) {
            NDArray ids = decoder.manager().create(this.ids, idsShape); // kept by the embedding's backward: lives to the end
            Decoder.Pass pass = decoder.pass(ids, layout);
            for (int l = decoder.config().layers() - 1; l >= 0; l--) {
                NDArray next;
                try (StepScope block = StepScope.part()) {
                    NDArray x = inputs.get(l);
                    x.setRequiresGradient(true);
                    replayDropoutOf(l);
                    collector.backward(decoder.block(l, x, pass, null).mul(g).sum());
                    next = StepScope.unscoped(x.getGradient());
                }
                g.close();
                g = next;
                inputs.set(l, null).close();
            }
            // Full fine-tuning: the embedding (and learned positions) train. Asked of the table, not of the
            // lookup's result: DJL reports hasGradient() false for an embedding lookup even when recorded.
            if (decoder.weights().embedding().hasGradient()) {
                collector.backward(decoder.embed(ids, pass).mul(g).sum());
            }
        } finally {
            g.close();
        }
    }

    private void replayDropoutOf(int layer) {
        if (dropoutSeed != null) {
            TorchRandom.seed(dropoutSeed + layer);
        }
    }

    @Override
    public void close() {
        inputs.stream().filter(a -> a != null).forEach(NDArray::close);
        inputs.clear();
        if (top != null) {
            top.close();
        }
    }
}
