package ai.sail.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tensor the decoder holds: which field of {@link DecoderWeights} it fills ({@link Slot}, and the
 * layer for per-layer tensors) and its shape. The list for a configuration ({@link #forConfig}) is the
 * single source of truth for what a checkpoint must provide and what a saved checkpoint contains;
 * {@link #name()} is the tensor's Sail name, the key of every by-name view (optimizer state, saved
 * weights).
 *
 * <p>Sail fuses q/k/v into one {@code qkv} projection and gate/up into one {@code gate_up} projection:
 * one matrix multiply instead of three (or two) per layer, which matters at the small batch sizes of
 * generation where per-op overhead dominates.
 */
public record WeightSpec(Slot slot, int layer, long[] shape) {

    /** What a tensor is for; decides its initial value and whether a Conv1D checkpoint transposes it. */
    public enum Kind {
        /** A lookup table, {@code [rows, D]}. */
        TABLE,
        /** A projection matrix, {@code [out, in]}. */
        MATRIX,
        /** A bias of a projection or a norm. */
        BIAS,
        /** The gain of a norm. */
        NORM_GAIN
    }

    /**
     * Every field of {@link DecoderWeights}, under its Sail name. Per-layer slots are named
     * {@code layers.<i>.<name>}. These names are what checkpoints and optimizer state files of Sail
     * store; changing one breaks resuming from them.
     */
    public enum Slot {
        EMBED("embed.weight", false, Kind.TABLE),
        POSITIONS("pos_embed.weight", false, Kind.TABLE),
        ATTN_NORM("attn_norm.weight", true, Kind.NORM_GAIN),
        ATTN_NORM_BIAS("attn_norm.bias", true, Kind.BIAS),
        QKV("qkv.weight", true, Kind.MATRIX),
        QKV_BIAS("qkv.bias", true, Kind.BIAS),
        O("o.weight", true, Kind.MATRIX),
        O_BIAS("o.bias", true, Kind.BIAS),
        MLP_NORM("mlp_norm.weight", true, Kind.NORM_GAIN),
        MLP_NORM_BIAS("mlp_norm.bias", true, Kind.BIAS),
        /** SwiGLU's gate and up projections stacked by rows. */
        GATE_UP("gate_up.weight", true, Kind.MATRIX),
        /** The up projection of a GELU MLP. */
        UP("up.weight", true, Kind.MATRIX),
        UP_BIAS("up.bias", true, Kind.BIAS),
        DOWN("down.weight", true, Kind.MATRIX),
        DOWN_BIAS("down.bias", true, Kind.BIAS),
        FINAL_NORM("final_norm.weight", false, Kind.NORM_GAIN),
        FINAL_NORM_BIAS("final_norm.bias", false, Kind.BIAS),
        LM_HEAD("lm_head.weight", false, Kind.MATRIX),
        /** The reward model's head. */
        SCORE("score.weight", false, Kind.MATRIX);

        private final String sailName;
        public final boolean perLayer;
        public final Kind kind;

        Slot(String sailName, boolean perLayer, Kind kind) {
            this.sailName = sailName;
            this.perLayer = perLayer;
            this.kind = kind;
        }

        /** The name within a layer ({@code qkv.weight}), or the whole name of a global tensor. */
        public String sailName() {
            return sailName;
        }
    }

    public WeightSpec {
        if (slot.perLayer != layer >= 0) {
            throw new IllegalArgumentException(slot + (slot.perLayer ? " needs a layer index" : " has no layer")
                    + ", got " + layer);
        }
        shape = shape.clone();
    }

    /** A tensor outside the layers. */
    public static WeightSpec global(Slot slot, long... shape) {
        return new WeightSpec(slot, -1, shape);
    }

    /** The Sail name: {@code layers.3.qkv.weight}, {@code embed.weight}. */
    public String name() {
        return slot.perLayer ? "layers." + layer + "." + slot.sailName : slot.sailName;
    }

    public long elements() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    public static List<WeightSpec> forConfig(ModelConfig c) {
        Architecture a = c.architecture();
        long d = c.hiddenSize();
        long qkv = (long) (c.heads() + 2 * c.kvHeads()) * c.headDim();
        long attnOut = (long) c.heads() * c.headDim();
        long f = c.intermediateSize();
        boolean layerNorm = a.norm == Architecture.Norm.LAYER;
        List<WeightSpec> specs = new ArrayList<>();
        specs.add(global(Slot.EMBED, c.vocabSize(), d));
        if (a.positions == Architecture.Positions.LEARNED) {
            specs.add(global(Slot.POSITIONS, c.maxPositions(), d));
        }
        for (int i = 0; i < c.layers(); i++) {
            add(specs, i, Slot.ATTN_NORM, layerNorm ? Slot.ATTN_NORM_BIAS : null, d);
            add(specs, i, Slot.QKV, a.qkvBias ? Slot.QKV_BIAS : null, qkv, d);
            add(specs, i, Slot.O, a.projectionBias ? Slot.O_BIAS : null, d, attnOut);
            add(specs, i, Slot.MLP_NORM, layerNorm ? Slot.MLP_NORM_BIAS : null, d);
            if (a.mlp == Architecture.Mlp.SWIGLU) {
                add(specs, i, Slot.GATE_UP, null, 2 * f, d);
            } else {
                add(specs, i, Slot.UP, a.projectionBias ? Slot.UP_BIAS : null, f, d);
            }
            add(specs, i, Slot.DOWN, a.projectionBias ? Slot.DOWN_BIAS : null, d, f);
        }
        specs.add(global(Slot.FINAL_NORM, d));
        if (layerNorm) {
            specs.add(global(Slot.FINAL_NORM_BIAS, d));
        }
        if (c.isRewardModel()) {
            specs.add(global(Slot.SCORE, c.numLabels(), d));
        } else if (!c.tiedEmbeddings()) {
            specs.add(global(Slot.LM_HEAD, c.vocabSize(), d));
        }
        return specs;
    }

    /** A layer's weight {@code [rows, ..]} and, when {@code bias} is not null, its bias {@code [rows]}. */
    private static void add(List<WeightSpec> specs, int layer, Slot weight, Slot bias, long... shape) {
        specs.add(new WeightSpec(weight, layer, shape));
        if (bias != null) {
            specs.add(new WeightSpec(bias, layer, new long[] {shape[0]}));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSpec w && w.slot == slot && w.layer == layer && Arrays.equals(w.shape, shape);
    }

    @Override
    public int hashCode() {
        return (slot.hashCode() * 31 + layer) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name() + Arrays.toString(shape);
    }
}
