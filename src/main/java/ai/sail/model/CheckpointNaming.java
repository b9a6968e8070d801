package ai.sail.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How one checkpoint format names each of Sail's tensors ({@link WeightSpec}). A Sail tensor is one
 * or more checkpoint tensors stacked by rows (q/k/v into qkv), each possibly stored transposed
 * (GPT-2's Conv1D keeps {@code [in, out]}). Loading reads the parts and stacks them; saving splits
 * and transposes back: the same table serves both directions.
 */
public final class CheckpointNaming {

    /** One checkpoint tensor that makes up (part of) a Sail tensor. */
    public record Part(String name, boolean transposed) {}

    /** A checkpoint tensor cut out of a Sail tensor, in the layout the checkpoint stores it. */
    public record StoredTensor(String name, long[] shape, float[] values) {}

    private final String prefix;
    private final Map<String, List<String>> layerTable;
    private final Map<String, List<String>> globalTable;
    private final boolean conv1d;

    private CheckpointNaming(String prefix, Map<String, List<String>> globals,
            Map<String, List<String>> layers, boolean conv1d) {
        this.prefix = prefix;
        this.globalTable = globals;
        this.layerTable = layers;
        this.conv1d = conv1d;
    }

    /**
     * Hugging Face names for {@code arch}. {@code present} says which names the checkpoint holds, to
     * detect the optional prefix ({@code transformer.} for GPT-2 saved from a head model).
     */
    public static CheckpointNaming huggingFace(Architecture arch, Predicate<String> present) {
        if (arch == Architecture.GPT2) {
            String prefix = present.test("transformer.wte.weight") ? "transformer." : "";
            return new CheckpointNaming(prefix, Map.of(
                    "embed.weight", List.of("wte.weight"),
                    "pos_embed.weight", List.of("wpe.weight"),
                    "final_norm.weight", List.of("ln_f.weight"),
                    "final_norm.bias", List.of("ln_f.bias")),
                    Map.ofEntries(
                            Map.entry("attn_norm.weight", List.of("h.{i}.ln_1.weight")),
                            Map.entry("attn_norm.bias", List.of("h.{i}.ln_1.bias")),
                            Map.entry("qkv.weight", List.of("h.{i}.attn.c_attn.weight")),
                            Map.entry("qkv.bias", List.of("h.{i}.attn.c_attn.bias")),
                            Map.entry("o.weight", List.of("h.{i}.attn.c_proj.weight")),
                            Map.entry("o.bias", List.of("h.{i}.attn.c_proj.bias")),
                            Map.entry("mlp_norm.weight", List.of("h.{i}.ln_2.weight")),
                            Map.entry("mlp_norm.bias", List.of("h.{i}.ln_2.bias")),
                            Map.entry("up.weight", List.of("h.{i}.mlp.c_fc.weight")),
                            Map.entry("up.bias", List.of("h.{i}.mlp.c_fc.bias")),
                            Map.entry("down.weight", List.of("h.{i}.mlp.c_proj.weight")),
                            Map.entry("down.bias", List.of("h.{i}.mlp.c_proj.bias"))),
                    true);
        }
        String l = "model.layers.{i}.";
        return new CheckpointNaming("", Map.of(
                "embed.weight", List.of("model.embed_tokens.weight"),
                "final_norm.weight", List.of("model.norm.weight")),
                Map.of(
                        "attn_norm.weight", List.of(l + "input_layernorm.weight"),
                        "qkv.weight", List.of(l + "self_attn.q_proj.weight", l + "self_attn.k_proj.weight",
                                l + "self_attn.v_proj.weight"),
                        "qkv.bias", List.of(l + "self_attn.q_proj.bias", l + "self_attn.k_proj.bias",
                                l + "self_attn.v_proj.bias"),
                        "o.weight", List.of(l + "self_attn.o_proj.weight"),
                        "mlp_norm.weight", List.of(l + "post_attention_layernorm.weight"),
                        "gate_up.weight", List.of(l + "mlp.gate_proj.weight", l + "mlp.up_proj.weight"),
                        "down.weight", List.of(l + "mlp.down_proj.weight")),
                false);
    }

    /** Names that llama.cpp's converter gives a llama-family model in GGUF. */
    public static CheckpointNaming gguf() {
        String b = "blk.{i}.";
        return new CheckpointNaming("", Map.of(
                "embed.weight", List.of("token_embd.weight"),
                "final_norm.weight", List.of("output_norm.weight"),
                "lm_head.weight", List.of("output.weight")),
                Map.of(
                        "attn_norm.weight", List.of(b + "attn_norm.weight"),
                        "qkv.weight", List.of(b + "attn_q.weight", b + "attn_k.weight", b + "attn_v.weight"),
                        "qkv.bias", List.of(b + "attn_q.bias", b + "attn_k.bias", b + "attn_v.bias"),
                        "o.weight", List.of(b + "attn_output.weight"),
                        "mlp_norm.weight", List.of(b + "ffn_norm.weight"),
                        "gate_up.weight", List.of(b + "ffn_gate.weight", b + "ffn_up.weight"),
                        "down.weight", List.of(b + "ffn_down.weight")),
                false);
    }

    /** The checkpoint tensors that make up Sail tensor {@code sailName}, in row order. */
    public List<Part> parts(String sailName) {
        if (sailName.equals(WeightSpec.LM_HEAD) || sailName.equals(WeightSpec.SCORE)) {
            List<String> mapped = globalTable.get(sailName);
            return List.of(new Part(mapped == null ? sailName : mapped.get(0), false));
        }
        if (sailName.startsWith("layers.")) {
            int dot = sailName.indexOf('.', "layers.".length());
            String index = sailName.substring("layers.".length(), dot);
            String rest = layerPart(sailName);
            List<String> templates = layerTable.get(rest);
            if (templates == null) {
                throw new IllegalArgumentException("no checkpoint name for " + sailName);
            }
            List<Part> parts = new ArrayList<>();
            boolean transposed = conv1d && rest.endsWith(".weight") && !rest.contains("norm");
            for (String t : templates) {
                parts.add(new Part(prefix + t.replace("{i}", index), transposed));
            }
            return parts;
        }
        List<String> mapped = globalTable.get(sailName);
        if (mapped == null) {
            throw new IllegalArgumentException("no checkpoint name for " + sailName);
        }
        return mapped.stream().map(n -> new Part(prefix + n, false)).toList();
    }

    /**
     * Rows of each of {@link #parts}'s tensors in the Sail tensor {@code spec} of {@code config}, in the
     * same order: q/k/v take {@code heads * headDim}, {@code kvHeads * headDim} and
     * {@code kvHeads * headDim} rows, gate/up {@code intermediateSize} each; a Sail tensor stored as
     * one checkpoint tensor takes all its rows. Loading checks the parts against these counts and
     * stacks them; saving cuts the Sail tensor at them ({@link #split}).
     */
    public long[] partRows(WeightSpec spec, ModelConfig config) {
        int parts = parts(spec.name()).size();
        if (parts == 1) {
            return new long[] {spec.shape()[0]};
        }
        long[] rows = switch (layerPart(spec.name())) {
            case "qkv.weight", "qkv.bias" -> {
                long q = (long) config.heads() * config.headDim();
                long kv = (long) config.kvHeads() * config.headDim();
                yield new long[] {q, kv, kv};
            }
            case "gate_up.weight", "gate_up.bias" ->
                    new long[] {config.intermediateSize(), config.intermediateSize()};
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
        List<Part> parts = parts(spec.name());
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

    /** {@code qkv.weight} of {@code layers.3.qkv.weight}; the whole name of a tensor outside the layers. */
    private static String layerPart(String sailName) {
        if (!sailName.startsWith("layers.")) {
            return sailName;
        }
        return sailName.substring(sailName.indexOf('.', "layers.".length()) + 1);
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
