package ai.sail.io;

import java.io.Closeable;
import java.util.List;

/**
 * A checkpoint seen as named tensors, read one at a time so that a multi-gigabyte file never has to
 * sit in memory whole. Implemented by the safetensors reader (also over sharded checkpoints) and by
 * the GGUF reader; the model loader only ever talks to this interface.
 */
public interface TensorSource extends Closeable {

    /** Every tensor name, in the order the file stores them. */
    List<String> names();

    /** True if a tensor of that name exists. */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /**
     * The shape in PyTorch's row-major order (outermost dimension first), e.g. {@code [out, in]} for
     * a linear weight. GGUF stores dimensions innermost first; its reader reverses them.
     */
    long[] shape(String name);

    /** The stored element type as the format names it ({@code F32}, {@code BF16}, {@code Q8_0}...). */
    String dtypeName(String name);

    /**
     * The values widened or dequantised to float32, row-major. Throws an {@link IllegalArgumentException}
     * naming the file and the tensor if the name is unknown or the element type unsupported.
     */
    float[] readFloats(String name);
}
