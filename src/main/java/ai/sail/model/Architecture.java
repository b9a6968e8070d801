package ai.sail.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The decoder families Sail loads. Each is a set of switches on the one {@link Decoder}; nothing
 * about a family lives anywhere else except how its checkpoint names its tensors
 * ({@link CheckpointNaming}).
 */
public enum Architecture {
    /** Llama 1-3 and everything that copies it: RMSNorm, rotary, SwiGLU, grouped-query attention. */
    LLAMA("llama", Norm.RMS, Positions.ROTARY, Mlp.SWIGLU, false, false),
    /** Llama's layout; the sliding window is not applied (it only matters past its 4k-token span). */
    MISTRAL("mistral", Norm.RMS, Positions.ROTARY, Mlp.SWIGLU, false, false),
    /** Llama's layout with biases on the q, k and v projections. */
    QWEN2("qwen2", Norm.RMS, Positions.ROTARY, Mlp.SWIGLU, true, false),
    /** Learned positions, LayerNorm with bias, GELU (tanh form) MLP, biases everywhere. */
    GPT2("gpt2", Norm.LAYER, Positions.LEARNED, Mlp.GELU_TANH, true, true);

    /** Normalisation before attention and MLP. */
    public enum Norm { RMS, LAYER }

    /** How position enters the model. */
    public enum Positions { ROTARY, LEARNED }

    /** Feed-forward block. */
    public enum Mlp { SWIGLU, GELU_TANH }

    private final String modelType;
    public final Norm norm;
    public final Positions positions;
    public final Mlp mlp;
    /** Whether the q, k, v projections carry biases. */
    public final boolean qkvBias;
    /** Whether the attention output and MLP projections carry biases. */
    public final boolean projectionBias;

    Architecture(String modelType, Norm norm, Positions positions, Mlp mlp, boolean qkvBias,
            boolean projectionBias) {
        this.modelType = modelType;
        this.norm = norm;
        this.positions = positions;
        this.mlp = mlp;
        this.qkvBias = qkvBias;
        this.projectionBias = projectionBias;
    }

    /** The {@code model_type} of a Hugging Face {@code config.json}. */
    public String modelType() {
        return modelType;
    }

    public static Architecture fromModelType(String modelType, String where) {
        for (Architecture a : values()) {
            if (a.modelType.equals(modelType.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException(where + ": model_type '" + modelType
                + "' is not supported; supported: " + supported());
    }

    public static String supported() {
        return Arrays.stream(values()).map(Architecture::modelType).collect(Collectors.joining(", "));
    }
}
