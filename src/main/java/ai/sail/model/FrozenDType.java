package ai.sail.model;

import ai.sail.config.Choice;
import java.util.Map;

/**
 * The element type frozen base weights are held in ({@code --frozen-dtype}). Their matrices and the
 * token embedding may stay 16-bit and be widened to float32 each time they are used; norms, biases,
 * trainable weights (LoRA adapters) and optimizer state are always float32.
 *
 * <p>Why two 16-bit paths: DJL's JNI has no bfloat16 mapping (creating or casting to BF16 aborts the
 * JVM, as does INT16), so {@link #BF16} keeps each value's two raw bytes in a UINT8 tensor and widens
 * them through a 65,536-entry lookup table; {@link #F16} is a native FLOAT16 tensor widened by
 * {@code toType}. Both widen exactly.
 */
public enum FrozenDType implements Choice {
    /** Float32, as the weights are used: no widening. */
    FP32,
    /** IEEE half precision: exact for F16 checkpoints, rounds others (range +-65504). */
    F16,
    /** bfloat16: exact for BF16 checkpoints, rounds others to 8 significant bits. */
    BF16,
    /** The checkpoint's own 16-bit type when its tensors are stored in one (F16 or BF16), else float32. */
    AUTO;

    /**
     * The concrete type for a checkpoint whose tensors are stored as {@code storedTypes} (count per
     * safetensors/GGUF type name); {@link #AUTO} picks the 16-bit type only when it is the sole one
     * present, so that nothing stored wider is rounded. Random weights pass an empty map.
     */
    public FrozenDType resolve(Map<String, Integer> storedTypes) {
        if (this != AUTO) {
            return this;
        }
        boolean f16 = storedTypes.containsKey("F16");
        boolean bf16 = storedTypes.containsKey("BF16");
        boolean wider = storedTypes.keySet().stream().anyMatch(t -> t.startsWith("F") && !t.equals("F16"));
        if (wider || f16 == bf16) {
            return FP32;
        }
        return f16 ? F16 : BF16;
    }

    /** Whether weights held in this type must be widened before use. */
    public boolean narrow() {
        return this == F16 || this == BF16;
    }
}
