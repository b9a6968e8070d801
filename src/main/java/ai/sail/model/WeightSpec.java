package ai.sail.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tensor the decoder holds, under Sail's own name, with its shape. The list for a configuration
 * ({@link #forConfig}) is the single source of truth for what a checkpoint must provide and what a
 * saved checkpoint contains.
 *
 * <p>Sail fuses q/k/v into one {@code qkv} projection and gate/up into one {@code gate_up} projection:
 * one matrix multiply instead of three (or two) per layer, which matters at the small batch sizes of
 * generation where per-op overhead dominates.
 */
public record WeightSpec(String name, long[] shape) {

    public static final String EMBED = "embed";
    public static final String POSITIONS = "pos_embed";
    public static final String FINAL_NORM = "final_norm";
    public static final String LM_HEAD = "lm_head.weight";
    public static final String SCORE = "score.weight";

    public WeightSpec {
        shape = shape.clone();
    }

    public long elements() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    public static String layer(int i, String part) {
        return "layers." + i + "." + part;
    }

    public static List<WeightSpec> forConfig(ModelConfig c) {
        Architecture a = c.architecture();
        long d = c.hiddenSize();
        long qkv = (long) (c.heads() + 2 * c.kvHeads()) * c.headDim();
        long attnOut = (long) c.heads() * c.headDim();
        long f = c.intermediateSize();
        boolean layerNorm = a.norm == Architecture.Norm.LAYER;
        List<WeightSpec> specs = new ArrayList<>();
        specs.add(new WeightSpec(EMBED + ".weight", new long[] {c.vocabSize(), d}));
        if (a.positions == Architecture.Positions.LEARNED) {
            specs.add(new WeightSpec(POSITIONS + ".weight", new long[] {c.maxPositions(), d}));
        }
        for (int i = 0; i < c.layers(); i++) {
            norm(specs, layer(i, "attn_norm"), d, layerNorm);
            linear(specs, layer(i, "qkv"), qkv, d, a.qkvBias);
            linear(specs, layer(i, "o"), d, attnOut, a.projectionBias);
            norm(specs, layer(i, "mlp_norm"), d, layerNorm);
            long up = a.mlp == Architecture.Mlp.SWIGLU ? 2 * f : f;
            linear(specs, layer(i, a.mlp == Architecture.Mlp.SWIGLU ? "gate_up" : "up"), up, d,
                    a.projectionBias);
            linear(specs, layer(i, "down"), d, f, a.projectionBias);
        }
        norm(specs, FINAL_NORM, d, layerNorm);
        if (c.isRewardModel()) {
            specs.add(new WeightSpec(SCORE, new long[] {c.numLabels(), d}));
        } else if (!c.tiedEmbeddings()) {
            specs.add(new WeightSpec(LM_HEAD, new long[] {c.vocabSize(), d}));
        }
        return specs;
    }

    private static void norm(List<WeightSpec> specs, String name, long d, boolean withBias) {
        specs.add(new WeightSpec(name + ".weight", new long[] {d}));
        if (withBias) {
            specs.add(new WeightSpec(name + ".bias", new long[] {d}));
        }
    }

    private static void linear(List<WeightSpec> specs, String name, long out, long in, boolean bias) {
        specs.add(new WeightSpec(name + ".weight", new long[] {out, in}));
        if (bias) {
            specs.add(new WeightSpec(name + ".bias", new long[] {out}));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSpec w && w.name.equals(name) && Arrays.equals(w.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
