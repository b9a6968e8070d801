package ai.sail.model;

import ai.sail.model.WeightSpec.Slot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A float32 copy of a decoder's weights in the layout {@link DecodeKernel} reads: the same tensors as
 * {@link DecoderWeights}, found through the same {@link WeightSpec} slots, with LoRA adapters folded in
 * ({@link DecoderWeights#mergedFloatArrays}) and every matrix transposed to {@code [in][out]}, so that a
 * projection is a sum of scaled weight rows (a loop the JIT vectorises) rather than a dot product per
 * output. Taken per generation call: training changes the weights in place between calls.
 *
 * @param embedding token table {@code [V * D]}
 * @param positions learned positions {@code [maxPositions * D]} (GPT-2); null with rotary positions
 * @param layers the blocks, first to last
 * @param finalNorm the norm after the last block
 * @param head the output head, {@code D -> V} (lm_head, or the embedding when tied)
 */
record KernelWeights(float[] embedding, float[] positions, List<Layer> layers, Norm finalNorm, Matrix head) {

    /**
     * {@code y = x W + b} for {@code W} held as {@code [in][out]} (the decoder's {@code [out, in]}
     * transposed), one Java array per input coordinate: see {@link DecodeKernel#linear} for why.
     *
     * @param bias {@code [out]}, or null
     */
    record Matrix(float[][] rows, int in, int out, float[] bias) {
        Matrix {
            if (rows.length != in || (in > 0 && rows[0].length != out) || (bias != null && bias.length != out)) {
                throw new IllegalArgumentException("a " + in + " x " + out + " matrix got " + rows.length
                        + " rows and " + (bias == null ? "no" : bias.length) + " biases");
            }
        }

        /** From a decoder weight {@code [out, in]} (row-major) and its bias. */
        static Matrix of(float[] weight, float[] bias, long[] shape) {
            int out = Math.toIntExact(shape[0]);
            int in = Math.toIntExact(shape[1]);
            float[][] rows = new float[in][out];
            // In strips of 16 outputs: 16 sequential reads per input and 16 adjacent writes, where a plain
            // double loop strides through one of the two arrays (this runs once per generation call).
            for (int o0 = 0; o0 < out; o0 += 16) {
                int o1 = Math.min(out, o0 + 16);
                for (int i = 0; i < in; i++) {
                    float[] row = rows[i];
                    for (int o = o0; o < o1; o++) {
                        row[o] = weight[o * in + i];
                    }
                }
            }
            return new Matrix(rows, in, out, bias);
        }
    }

    /** A norm's gain {@code [D]} and, for LayerNorm, its bias (null for RMSNorm). */
    record Norm(float[] weight, float[] bias) {}

    /** One block, as {@link DecoderWeights.Layer}. */
    record Layer(Norm attentionNorm, Matrix qkv, Matrix output, Norm mlpNorm, Matrix up, Matrix down) {}

    /** The current values of {@code weights} (a model of {@code config}), adapters folded in. */
    static KernelWeights snapshot(DecoderWeights weights, ModelConfig config) {
        Map<String, float[]> values = weights.mergedFloatArrays();
        Map<Slot, float[]> global = new EnumMap<>(Slot.class);
        Map<Slot, long[]> globalShapes = new EnumMap<>(Slot.class);
        List<Map<Slot, float[]>> perLayer = new ArrayList<>();
        List<Map<Slot, long[]>> shapes = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            perLayer.add(new EnumMap<>(Slot.class));
            shapes.add(new EnumMap<>(Slot.class));
        }
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            boolean layered = spec.slot().perLayer;
            (layered ? perLayer.get(spec.layer()) : global).put(spec.slot(), values.get(spec.name()));
            (layered ? shapes.get(spec.layer()) : globalShapes).put(spec.slot(), spec.shape());
        }
        List<Layer> layers = new ArrayList<>(config.layers());
        for (int l = 0; l < config.layers(); l++) {
            Map<Slot, float[]> t = perLayer.get(l);
            Map<Slot, long[]> s = shapes.get(l);
            Slot up = t.containsKey(Slot.GATE_UP) ? Slot.GATE_UP : Slot.UP;
            layers.add(new Layer(
                    new Norm(t.get(Slot.ATTN_NORM), t.get(Slot.ATTN_NORM_BIAS)),
                    Matrix.of(t.get(Slot.QKV), t.get(Slot.QKV_BIAS), s.get(Slot.QKV)),
                    Matrix.of(t.get(Slot.O), t.get(Slot.O_BIAS), s.get(Slot.O)),
                    new Norm(t.get(Slot.MLP_NORM), t.get(Slot.MLP_NORM_BIAS)),
                    Matrix.of(t.get(up), t.get(Slot.UP_BIAS), s.get(up)),
                    Matrix.of(t.get(Slot.DOWN), t.get(Slot.DOWN_BIAS), s.get(Slot.DOWN))));
        }
        // As DecoderWeights: the embedding is the head when there is no lm_head (tied, or a reward model).
        Slot head = global.containsKey(Slot.LM_HEAD) ? Slot.LM_HEAD : Slot.EMBED;
        return new KernelWeights(global.get(Slot.EMBED), global.get(Slot.POSITIONS), List.copyOf(layers),
                new Norm(global.get(Slot.FINAL_NORM), global.get(Slot.FINAL_NORM_BIAS)),
                Matrix.of(global.get(head), null, globalShapes.get(head)));
    }
}
