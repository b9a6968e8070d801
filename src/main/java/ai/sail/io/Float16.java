package ai.sail.io;

/**
 * IEEE 754 half precision (binary16) to and from float. Written by hand because
 * {@code Float.float16ToFloat} only arrived in Java 20 and Sail targets Java 17. Both directions cover
 * subnormals, infinities and NaN; narrowing rounds to nearest, ties to even, as PyTorch does.
 */
public final class Float16 {
    private Float16() {}

    /** Widens half-precision bits (the low 16 bits of {@code bits}) to a float; always exact. */
    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            // Infinity (mantissa 0) or NaN; the payload moves to the top of the float mantissa.
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /**
     * Narrows a float to half-precision bits, rounding to nearest with ties to even. Values of
     * magnitude 65520 or more become infinity; values below 2^-25 become (signed) zero; NaN stays NaN.
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFF_FFFF;
        if (abs >= 0x7F80_0000) {
            if (abs == 0x7F80_0000) {
                return (short) (sign | 0x7C00);
            }
            // NaN: quiet it and keep the top of the payload.
            return (short) (sign | 0x7E00 | ((abs >>> 13) & 0x3FF));
        }
        if (abs >= 0x477F_F000) {
            // 65520 is halfway between 65504 (odd mantissa) and 65536: ties to even means infinity.
            return (short) (sign | 0x7C00);
        }
        if (abs >= 0x3880_0000) {
            // Normal half (>= 2^-14): rebias the exponent, keep 10 mantissa bits, round the other 13.
            int half = ((((abs >>> 23) - 127 + 15)) << 10) | ((abs & 0x7F_FFFF) >>> 13);
            int rest = abs & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
                half++; // a carry into the exponent is still the right value
            }
            return (short) (sign | half);
        }
        if (abs < 0x3300_0000) {
            // Below 2^-25: rounds to zero (exactly 2^-25 ties to the even zero as well, below).
            return (short) sign;
        }
        // Subnormal half: count units of 2^-24. With the implicit bit the float is
        // mantissa * 2^(exponent - 150), so the unit count is mantissa >> (126 - exponent).
        int exponent = abs >>> 23;
        int mantissa = (abs & 0x7F_FFFF) | 0x80_0000;
        int shift = 126 - exponent; // 14..24
        int half = mantissa >>> shift;
        int rest = mantissa & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
            half++; // may become 0x400, the smallest normal: still correct
        }
        return (short) (sign | half);
    }
}
