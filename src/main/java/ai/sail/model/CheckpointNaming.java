package ai.sail.model;

import ai.sail.model.WeightSpec.Slot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one checkpoint format names each of the decoder's tensors: one table per format, keyed by the
 * {@link WeightSpec.Slot} (the field of {@link DecoderWeights}) a tensor fills. A Sail tensor is one
 * or more checkpoint tensors stacked by rows (q/k/v into qkv), each possibly stored transposed
 * (GPT-2's Conv1D keeps {@code [in, out]}). Loading reads the parts and stacks them; saving splits
 * and transposes back: the same table serves both directions.
 */
public final class CheckpointNaming {

    /** One checkpoint tensor that makes up (part of) a Sail tensor. */
    public record Part(String name, boolean transposed) {}

    /** A checkpoint tensor cut out of a Sail tensor, in the layout the checkpoint stores it. */
    public record StoredTensor(String name, long[] shape, float[] values) {}

    /** Per-layer names carry {@code {i}} for the layer index. */
    private final Map<Slot, List<String>> table;
    /** Prepended to the base model's names, not to the heads' (lm_head, score sit outside it). */
    private final String prefix;
    private final boolean conv1d;

    private CheckpointNaming(Map<Slot, List<String>> table, String prefix, boolean conv1d) {
        this.table = table;
        this.prefix = prefix;
        this.conv1d = conv1d;
    }

    /**
     * Hugging Face names for {@code arch}. {@code present} says which names the checkpoint holds, to
     * detect the optional prefix ({@code transformer.} for GPT-2 saved from a head model).
     */
    public static CheckpointNaming huggingFace(Architecture arch, Predicate<String> present) {
        if (arch == Architecture.GPT2) {
            String prefix = present.test("transformer.wte.weight") ? "transformer." : "";
            String h = "h.{i}.";
            return new CheckpointNaming(Map.ofEntries(
                    Map.entry(Slot.EMBED, List.of("wte.weight")),
                    Map.entry(Slot.POSITIONS, List.of("wpe.weight")),
                    Map.entry(Slot.ATTN_NORM, List.of(h + "ln_1.weight")),
                    Map.entry(Slot.ATTN_NORM_BIAS, List.of(h + "ln_1.bias")),
                    Map.entry(Slot.QKV, List.of(h + "attn.c_attn.weight")),
                    Map.entry(Slot.QKV_BIAS, List.of(h + "attn.c_attn.bias")),
                    Map.entry(Slot.O, List.of(h + "attn.c_proj.weight")),
                    Map.entry(Slot.O_BIAS, List.of(h + "attn.c_proj.bias")),
                    Map.entry(Slot.MLP_NORM, List.of(h + "ln_2.weight")),
                    Map.entry(Slot.MLP_NORM_BIAS, List.of(h + "ln_2.bias")),
                    Map.entry(Slot.UP, List.of(h + "mlp.c_fc.weight")),
                    Map.entry(Slot.UP_BIAS, List.of(h + "mlp.c_fc.bias")),
                    Map.entry(Slot.DOWN, List.of(h + "mlp.c_proj.weight")),
                    Map.entry(Slot.DOWN_BIAS, List.of(h + "mlp.c_proj.bias")),
                    Map.entry(Slot.FINAL_NORM, List.of("ln_f.weight")),
                    Map.entry(Slot.FINAL_NORM_BIAS, List.of("ln_f.bias")),
                    Map.entry(Slot.LM_HEAD, List.of("lm_head.weight")),
                    Map.entry(Slot.SCORE, List.of("score.weight"))),
                    prefix, true);
        }
        // Llama, Mistral and Qwen2 share their names; Qwen2 adds the q/k/v biases.
        String l = "model.layers.{i}.";
        return new CheckpointNaming(Map.ofEntries(
                Map.entry(Slot.EMBED, List.of("model.embed_tokens.weight")),
                Map.entry(Slot.ATTN_NORM, List.of(l + "input_layernorm.weight")),
                Map.entry(Slot.QKV, List.of(l + "self_attn.q_proj.weight", l + "self_attn.k_proj.weight",
                        l + "self_attn.v_proj.weight")),
                Map.entry(Slot.QKV_BIAS, List.of(l + "self_attn.q_proj.bias", l + "self_attn.k_proj.bias",
                        l + "self_attn.v_proj.bias")),
                Map.entry(Slot.O, List.of(l + "self_attn.o_proj.weight")),
                Map.entry(Slot.MLP_NORM, List.of(l + "post_attention_layernorm.weight")),
                Map.entry(Slot.GATE_UP, List.of(l + "mlp.gate_proj.weight", l + "mlp.up_proj.weight")),
                Map.entry(Slot.DOWN, List.of(l + "mlp.down_proj.weight")),
                Map.entry(Slot.FINAL_NORM, List.of("model.norm.weight")),
                Map.entry(Slot.LM_HEAD, List.of("lm_head.weight")),
                Map.entry(Slot.SCORE, List.of("score.weight"))),
                "", false);
    }

    /** Names that llama.cpp's converter gives a llama-family model in GGUF. */
    public static CheckpointNaming gguf() {
        String b = "blk.{i}.";
        return new CheckpointNaming(Map.ofEntries(
                Map.entry(Slot.EMBED, List.of("token_embd.weight")),
                Map.entry(Slot.ATTN_NORM, List.of(b + "attn_norm.weight")),
                Map.entry(Slot.QKV, List.of(b + "attn_q.weight", b + "attn_k.weight", b + "attn_v.weight")),
                Map.entry(Slot.QKV_BIAS, List.of(b + "attn_q.bias", b + "attn_k.bias", b + "attn_v.bias")),
                Map.entry(Slot.O, List.of(b + "attn_output.weight")),
                Map.entry(Slot.MLP_NORM, List.of(b + "ffn_norm.weight")),
                Map.entry(Slot.GATE_UP, List.of(b + "ffn_gate.weight", b + "ffn_up.weight")),
                Map.entry(Slot.DOWN, List.of(b + "ffn_down.weight")),
                Map.entry(Slot.FINAL_NORM, List.of("output_norm.weight")),
                Map.entry(Slot.LM_HEAD, List.of("output.weight")),
                Map.entry(Slot.SCORE, List.of("score.weight"))),
                "", false);
    }

    /** Every checkpoint tensor that loading {@code config} reads, in {@link WeightSpec#forConfig} order. */
    public Set<String> namesFor(ModelConfig config) {
        Set<String> names = new LinkedHashSet<>();
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            parts(spec).forEach(p -> names.add(p.name()));
        }
        return names;
    }

    /**
     * Whether a checkpoint tensor that {@code config} does not read is harmless to leave: buffers that
     * the Python model recomputes rather than learns (GPT-2's causal mask {@code attn.bias} and
     * {@code attn.masked_bias}, a rotary {@code inv_freq}), and an {@code lm_head.weight} saved beside a
     * tied embedding, which transformers also ignores in favour of the embedding.
     */
    public boolean isIgnorable(String name, ModelConfig config) {
        return name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias")
                || name.endsWith("rotary_emb.inv_freq")
                || (config.tiedEmbeddings() && !config.isRewardModel() && parts(WeightSpec.global(Slot.LM_HEAD))
                        .stream().anyMatch(p -> p.name().equals(name)));
    }

    /** The layer a per-layer checkpoint tensor belongs to ({@code model.layers.7.mlp...} is 7), or -1. */
    public int layerOf(String name) {
        Matcher m = layerPattern().matcher(name);
        return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** What comes before a per-layer name's index ({@code model.layers.}, {@code h.}, {@code blk.}). */
    private Pattern layerPattern() {
        String template = table.get(Slot.ATTN_NORM).get(0);
        String before = prefix + template.substring(0, template.indexOf("{i}"));
        return Pattern.compile(Pattern.quote(before) + "(\\d+)\\.");
    }

    /** The checkpoint tensors that make up Sail tensor {@code spec}, in row order. */
    public List<Part> parts(WeightSpec spec) {
        List<String> templates = table.get(spec.slot());
        if (templates == null) {
            throw new IllegalArgumentException("no checkpoint name for " + spec.name());
        }
        boolean head = spec.slot() == Slot.LM_HEAD || spec.slot() == Slot.SCORE;
        // Conv1D stores the projections inside the blocks as [in, out]; GPT-2's heads are nn.Linear.
        boolean transposed = conv1d && spec.slot().perLayer && spec.slot().kind == WeightSpec.Kind.MATRIX;
        List<Part> parts = new ArrayList<>(templates.size());
        for (String t : templates) {
            String name = (head ? "" : prefix) + t.replace("{i}", Integer.toString(spec.layer()));
            parts.add(new Part(name, transposed));
        }
        return parts;
    }

    /**
     * Rows of each of {@link #parts}'s tensors in the Sail tensor {@code spec} of {@code config}, in the
     * same order: q/k/v take {@code heads * headDim}, {@code kvHeads * headDim} and
     * {@code kvHeads * headDim} rows, gate/up {@code intermediateSize} each; a Sail tensor stored as
     * one checkpoint tensor takes all its rows. Loading checks the parts against these counts and
     * stacks them; saving cuts the Sail tensor at them ({@link #split}).
     */
    public long[] partRows(WeightSpec spec, ModelConfig config) {
        int parts = parts(spec).size();
        if (parts == 1) {
            return new long[] {spec.shape()[0]};
        }
        long[] rows = switch (spec.slot()) {
            case QKV, QKV_BIAS -> {
                long q = (long) config.heads() * config.headDim();
                long kv = (long) config.kvHeads() * config.headDim();
                yield new long[] {q, kv, kv};
            }
            case GATE_UP -> new long[] {config.intermediateSize(), config.intermediateSize()};
            default -> throw new IllegalArgumentException("no row split known for " + spec);
        };
        if (rows.length != parts) {
            throw new IllegalArgumentException(spec + " is stored as " + parts + " tensors, not " + rows.length);
        }
        return rows;
    }

    /**
     * The inverse of loading: the values of Sail tensor {@code spec} cut into the checkpoint tensors
     * that make it up, named as {@link #parts} names them and transposed back where the checkpoint
     * stores them transposed.
     */
    public List<StoredTensor> split(WeightSpec spec, float[] values, ModelConfig config) {
        if (values.length != spec.elements()) {
            throw new IllegalArgumentException(spec + " needs " + spec.elements() + " values, got " + values.length);
        }
        List<Part> parts = parts(spec);
        long[] rows = partRows(spec, config);
        int cols = spec.shape().length == 2 ? Math.toIntExact(spec.shape()[1]) : 1;
        List<StoredTensor> out = new ArrayList<>(parts.size());
        int offset = 0;
        for (int i = 0; i < parts.size(); i++) {
            int r = Math.toIntExact(rows[i]);
            float[] slice = Arrays.copyOfRange(values, offset, offset + r * cols);
            offset += r * cols;
            Part part = parts.get(i);
            long[] shape;
            if (spec.shape().length == 1) {
                shape = new long[] {r};
            } else if (part.transposed()) {
                slice = transpose(slice, r, cols);
                shape = new long[] {cols, r};
            } else {
                shape = new long[] {r, cols};
            }
            out.add(new StoredTensor(part.name(), shape, slice));
        }
        return out;
    }

    /** The row-major {@code [cols, rows]} transpose of a row-major {@code [rows, cols]} matrix. */
    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
