package ai.sail.model;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of a LoRA adapter, as PEFT's {@code LoraConfig} names it: rank {@code r}, {@code lora_alpha},
 * {@code lora_dropout}, {@code target_modules} (PEFT's module names, or {@code all-linear}) and
 * {@code use_rslora}.
 *
 * @param targets PEFT module names ({@code q_proj}, {@code c_attn}, ...) or the single entry
 *     {@code all-linear}; empty means PEFT's default for the architecture
 */
public record LoraSettings(int r, double alpha, double dropout, List<String> targets, boolean useRslora) {
    /** PEFT's name for "every linear layer but the output head". */
    public static final String ALL_LINEAR = "all-linear";

    public LoraSettings {
        if (r < 1) {
            throw new IllegalArgumentException("lora-r must be >= 1 for an adapter, got " + r);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("lora-alpha must be > 0, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora-dropout must be in [0, 1), got " + dropout);
        }
        targets = List.copyOf(targets);
    }

    /** Parses {@code --lora-targets}: comma-separated names; null or blank for the default. */
    public static List<String> parseTargets(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The factor of the adapter's product: {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA
     * (which keeps the update's scale from shrinking as the rank grows).
     */
    public double scaling() {
        return useRslora ? alpha / Math.sqrt(r) : alpha / r;
    }

    /**
     * PEFT's default targets ({@code TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING}): the query
     * and value projections of Llama, Mistral and Qwen2; GPT-2's fused {@code c_attn}.
     */
    public static List<String> defaultTargets(Architecture architecture) {
        return architecture == Architecture.GPT2 ? List.of("c_attn") : List.of("q_proj", "v_proj");
    }

    /** {@link #targets}, or the architecture's default when none were given. */
    public List<String> targetsFor(Architecture architecture) {
        return targets.isEmpty() ? defaultTargets(architecture) : targets;
    }
}
