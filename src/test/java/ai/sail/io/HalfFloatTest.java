package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HalfFloatTest {

    @Test
    void knownValues() {
        assertThat(HalfFloat.toFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(HalfFloat.toFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(HalfFloat.toFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(HalfFloat.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(HalfFloat.toFloat((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
        assertThat(HalfFloat.toFloat((short) 0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(HalfFloat.toFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
        assertThat(HalfFloat.toFloat((short) 0x8001)).isEqualTo(-0x1p-24f);
        assertThat(Float.floatToIntBits(HalfFloat.toFloat((short) 0x0000))).isEqualTo(0);
        assertThat(Float.floatToIntBits(HalfFloat.toFloat((short) 0x8000))).isEqualTo(0x8000_0000);
        assertThat(HalfFloat.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloat.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloat.toFloat((short) 0x7E00)).isNaN();
    }

    /** Every non-NaN half value against the textbook formula evaluated in double precision. */
    @Test
    void allFiniteValuesMatchTheDefinition() {
        for (int h = 0; h < 0x10000; h++) {
            int exponent = (h >>> 10) & 0x1F;
            if (exponent == 0x1F) {
                continue;
            }
            int mantissa = h & 0x3FF;
            double magnitude = exponent == 0
                    ? mantissa * Math.pow(2, -24)
                    : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            double expected = (h & 0x8000) != 0 ? -magnitude : magnitude;
            assertThat((double) HalfFloat.toFloat((short) h)).as("half 0x%04x", h).isEqualTo(expected);
        }
    }
}
