package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BFloat16Test {

    private static int bits(float f) {
        return BFloat16.fromFloat(f) & 0xFFFF;
    }

    private static float fromBits(int floatBits) {
        return Float.intBitsToFloat(floatBits);
    }

    @Test
    void knownValues() {
        assertThat(bits(1.0f)).isEqualTo(0x3F80);
        assertThat(bits(-2.0f)).isEqualTo(0xC000);
        assertThat(bits(Float.POSITIVE_INFINITY)).isEqualTo(0x7F80);
        assertThat(bits(Float.NEGATIVE_INFINITY)).isEqualTo(0xFF80);
        assertThat(bits(Float.NaN)).isEqualTo(0x7FC0);
        assertThat(bits(fromBits(0xFFC0_0001))).isEqualTo(0x7FC0);
        assertThat(BFloat16.toFloat((short) 0x3F80)).isEqualTo(1.0f);
        assertThat(BFloat16.toFloat((short) 0xC0A0)).isEqualTo(-5.0f);
        assertThat(BFloat16.toFloat((short) 0x0001)).isEqualTo(fromBits(0x0001_0000)); // subnormal
    }

    @Test
    void narrowingRoundsToNearestEven() {
        assertThat(bits(fromBits(0x3F80_8000))).isEqualTo(0x3F80); // tie, 0x3F80 is even
        assertThat(bits(fromBits(0x3F81_8000))).isEqualTo(0x3F82); // tie, 0x3F81 is odd
        assertThat(bits(fromBits(0x3F80_8001))).isEqualTo(0x3F81); // above the tie
        assertThat(bits(fromBits(0x3F80_7FFF))).isEqualTo(0x3F80); // below the tie
        assertThat(bits(Float.MAX_VALUE)).isEqualTo(0x7F80); // overflows to infinity
        assertThat(bits(-Float.MAX_VALUE)).isEqualTo(0xFF80);
        assertThat(bits(fromBits(0x7F7F_7FFF))).isEqualTo(0x7F7F); // largest finite stays finite
    }

    @Test
    void everyBf16ValueSurvivesWideningAndNarrowing() {
        for (int b = 0; b < 0x10000; b++) {
            float f = BFloat16.toFloat((short) b);
            if (Float.isNaN(f)) {
                assertThat(bits(f)).isEqualTo(0x7FC0);
            } else {
                assertThat(bits(f)).as("bf16 0x%04x", b).isEqualTo(b);
            }
        }
    }
}
