package ai.sail.model;

import ai.djl.ndarray.NDManager;
import ai.sail.io.AtomicWrite;
import ai.sail.io.HfJson;
import ai.sail.io.SafetensorsFile;
import ai.sail.io.SafetensorsWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * LoRA adapters on disk in PEFT's layout, which {@code PeftModel.from_pretrained} loads:
 * {@code adapter_config.json} (a {@code LoraConfig}) and {@code adapter_model.safetensors} with keys
 * {@code base_model.model.<module path>.lora_A.weight} / {@code .lora_B.weight}.
 *
 * <p>A GGUF Llama holds its q and k rows in the adjacent-pair rotary order ({@link RopeStyle#ADJACENT});
 * the rows of an adapter's B on q or k are rows of that projection, so they are put in Hugging Face
 * order when written and back when read ({@link RopePermutation}), and the file fits the Hugging Face
 * model of the same weights.
 */
public final class LoraCheckpoint {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    private static final String PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoraCheckpoint() {}

    /** Whether {@code dir} holds an adapter (rather than a model). */
    public static boolean isAdapter(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** Writes the adapter as a directory that appears whole or not at all; an existing one is replaced. */
    public static void save(LoraAdapters adapters, String baseModel, Path dir) throws IOException {
        AtomicWrite.directory(dir, temp -> writeInto(adapters, baseModel, temp));
    }

    /** Writes the two adapter files into {@code dir} (a directory being assembled, e.g. a checkpoint). */
    public static void writeInto(LoraAdapters adapters, String baseModel, Path dir) throws IOException {
        SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors(adapters), Map.of("format", "pt"));
        AtomicWrite.newFile(dir.resolve(CONFIG), HfJson.format(config(adapters, baseModel)));
    }

    /** {@code adapter_config.json} as PEFT writes it (keys sorted by {@link HfJson}). */
    static Map<String, Object> config(LoraAdapters adapters, String baseModel) {
        LoraSettings s = adapters.settings();
        Map<String, Object> c = new TreeMap<>();
        c.put("alpha_pattern", Map.of());
        c.put("base_model_name_or_path", baseModel);
        c.put("bias", "none");
        // GPT-2's projections are Conv1D, whose weight is [in, out]; PEFT marks that for merging.
        c.put("fan_in_fan_out", adapters.config().architecture() == Architecture.GPT2);
        c.put("inference_mode", true);
        c.put("init_lora_weights", true);
        c.put("layers_pattern", null);
        c.put("layers_to_transform", null);
        c.put("lora_alpha", s.alpha() == Math.rint(s.alpha()) ? (Object) (long) s.alpha() : (Object) s.alpha());
        c.put("lora_dropout", s.dropout());
        c.put("modules_to_save", null);
        c.put("peft_type", "LORA");
        c.put("r", s.r());
        c.put("rank_pattern", Map.of());
        c.put("revision", null);
        // PEFT stores the resolved set of module names; all-linear is written out the same way.
        c.put("target_modules", adapters.segments().stream().map(seg -> seg.module().shortName()).distinct().sorted().toList());
        c.put("task_type", "CAUSAL_LM");
        c.put("use_dora", false);
        c.put("use_rslora", s.useRslora());
        return c;
    }

    /** The adapter tensors by PEFT key, B's q/k rows in Hugging Face order. */
    static Map<String, SafetensorsWriter.Tensor> tensors(LoraAdapters adapters) {
        ModelConfig config = adapters.config();
        int r = adapters.settings().r();
        Map<String, SafetensorsWriter.Tensor> out = new LinkedHashMap<>();
        for (LoraAdapters.Segment s : adapters.segments()) {
            LoraAdapters.Module m = s.module();
            out.put(key(m, "A"), new SafetensorsWriter.Tensor(new long[] {r, m.in()}, s.a().toFloatArray()));
            float[] b = permuted(config, m, s.b().toFloatArray(), r, false);
            out.put(key(m, "B"), new SafetensorsWriter.Tensor(new long[] {m.rows(), r}, b));
        }
        return out;
    }

    /** PEFT's key of a module's A or B. */
    public static String key(LoraAdapters.Module m, String which) {
        return PREFIX + m.path() + ".lora_" + which + ".weight";
    }

    /** B of q or k of an ADJACENT model, to Hugging Face row order ({@code inverse}: back); else as is. */
    private static float[] permuted(ModelConfig config, LoraAdapters.Module m, float[] b, int r, boolean inverse) {
        if (config.ropeStyle() != RopeStyle.ADJACENT || m.slot() != WeightSpec.Slot.QKV || m.segment() > 1) {
            return b;
        }
        int heads = m.segment() == 0 ? config.heads() : config.kvHeads();
        return RopePermutation.permuteHeads(b, heads, config.headDim(), r, inverse);
    }

    /** Reads {@code dir}'s settings from {@code adapter_config.json}, refusing what Sail cannot run. */
    public static LoraSettings readSettings(Path dir) {
        Path file = dir.resolve(CONFIG);
        JsonNode c;
        try {
            c = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("adapter " + dir + ": cannot read " + CONFIG + ": " + e.getMessage(), e);
        }
        String where = "adapter " + dir + ": ";
        if (!"LORA".equals(c.path("peft_type").asText())) {
            throw new IllegalArgumentException(where + "peft_type is '" + c.path("peft_type").asText()
                    + "'; Sail runs LoRA adapters only");
        }
        if (!c.path("bias").asText("none").equals("none")) {
            throw new IllegalArgumentException(where + "bias '" + c.path("bias").asText() + "' is not supported (only none)");
        }
        if (c.path("use_dora").asBoolean(false)) {
            throw new IllegalArgumentException(where + "DoRA adapters are not supported");
        }
        for (String key : List.of("rank_pattern", "alpha_pattern")) {
            if (c.has(key) && c.get(key).size() > 0) {
                throw new IllegalArgumentException(where + key + " (per-module ranks or alphas) is not supported");
            }
        }
        for (String key : List.of("layers_to_transform", "modules_to_save")) {
            if (c.has(key) && !c.get(key).isNull() && c.get(key).size() > 0) {
                throw new IllegalArgumentException(where + key + " is not supported");
            }
        }
        JsonNode t = c.path("target_modules");
        List<String> targets = new ArrayList<>();
        if (t.isArray()) {
            t.forEach(n -> targets.add(n.asText()));
        } else if (t.asText().equals(LoraSettings.ALL_LINEAR)) {
            targets.add(LoraSettings.ALL_LINEAR);
        } else {
            throw new IllegalArgumentException(where + "target_modules '" + t.asText()
                    + "' is a pattern; Sail reads a list of module names");
        }
        return new LoraSettings(c.path("r").asInt(8), c.path("lora_alpha").asDouble(8),
                c.path("lora_dropout").asDouble(0), targets, c.path("use_rslora").asBoolean(false));
    }

    /**
     * Reads an adapter for model {@code config} onto {@code manager}: every targeted module's A and B
     * must be in the file with the right shape, and the file must hold nothing else.
     */
    public static LoraAdapters read(Path dir, ModelConfig config, NDManager manager) {
        LoraSettings settings = readSettings(dir);
        String where = "adapter " + dir + ": ";
        Map<String, float[]> arrays = new LinkedHashMap<>();
        int r = settings.r();
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve(WEIGHTS))) {
            Set<String> unused = new HashSet<>(file.names());
            for (LoraAdapters.Module m : LoraAdapters.targeted(config, settings)) {
                for (String which : List.of("A", "B")) {
                    String key = key(m, which);
                    if (!file.contains(key)) {
                        throw new IllegalArgumentException(where + WEIGHTS + " lacks " + key
                                + " (is the adapter for another model?)");
                    }
                    long[] expected = which.equals("A") ? new long[] {r, m.in()} : new long[] {m.rows(), r};
                    if (!java.util.Arrays.equals(file.shape(key), expected)) {
                        throw new IllegalArgumentException(where + key + " has shape "
                                + java.util.Arrays.toString(file.shape(key)) + ", not " + java.util.Arrays.toString(expected)
                                + " (is the adapter for another model?)");
                    }
                    float[] v = file.readFloats(key);
                    arrays.put(m.sailName() + ".lora_" + which, which.equals("B") ? permuted(config, m, v, r, true) : v);
                    unused.remove(key);
                }
            }
            if (!unused.isEmpty()) {
                throw new IllegalArgumentException(where + WEIGHTS + " holds tensors for modules this model does not"
                        + " target: " + unused.stream().sorted().limit(5).toList());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot read " + WEIGHTS + ": " + e.getMessage(), e);
        }
        return LoraAdapters.fromArrays(config, settings, arrays, manager);
    }
}
