package ai.sail.io;

/**
 * IEEE 754 half precision (binary16) to float, written out by hand because Java 17 has no
 * {@code Float.float16ToFloat} (that arrived in Java 20). Every half value, subnormals, infinities
 * and NaN payloads included, is exactly representable as a float, so the conversion is exact.
 */
public final class HalfFloat {
    private HalfFloat() {}

    /** The float value of the 16 bits {@code bits} (sign 1, exponent 5, mantissa 10). */
    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float arithmetic.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1F) {
            // Infinity (mantissa 0) or NaN (payload kept in the high mantissa bits).
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
