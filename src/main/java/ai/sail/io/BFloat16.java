package ai.sail.io;

/**
 * bfloat16 (the top 16 bits of a float32) to and from float. This conversion must happen in Java:
 * DJL's native layer has no bfloat16 mapping and handing it BF16 data aborts the JVM.
 */
public final class BFloat16 {
    private BFloat16() {}

    /** Widens bfloat16 bits to a float; always exact. */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * Narrows a float to bfloat16 bits, rounding to nearest with ties to even (as PyTorch does);
     * overflow becomes infinity and every NaN becomes the quiet NaN {@code 0x7FC0}, as in PyTorch.
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {
            return (short) 0x7FC0;
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
