package ai.sail.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor as a safetensors header describes it: name, element type, shape and its byte range
 * {@code [begin, end)} relative to the start of the data area. Validated on construction, so an entry
 * that exists is internally consistent (its byte range holds exactly shape x element size bytes).
 */
public record SafetensorsEntry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {

    public SafetensorsEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("tensor '" + name + "': bad byte range [" + begin + ", " + end + ")");
        }
        long expected = Math.multiplyExact(elementCount(shape), dtype.byteSize());
        if (end - begin != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': byte range holds " + (end - begin)
                    + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
    }

    /** The shape, outermost dimension first (a copy). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar of shape {@code []}). */
    public long elementCount() {
        return elementCount(shape);
    }

    /** Number of bytes in the data area. */
    public long byteSize() {
        return end - begin;
    }

    /**
     * The product of the dimensions; throws {@link IllegalArgumentException} for a negative
     * dimension and {@link ArithmeticException} on overflow.
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsEntry e && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && begin == e.begin && end == e.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
