package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {

    private static int bits(float f) {
        return Float16.fromFloat(f) & 0xFFFF;
    }

    @Test
    void knownValuesWiden() {
        assertThat(Float16.toFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(Float16.toFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(Float16.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Float16.toFloat((short) 0x0400)).isEqualTo(0x1p-14f); // smallest normal
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f); // smallest subnormal
        assertThat(Float16.toFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f); // largest subnormal
        assertThat(Float16.toFloat((short) 0x8001)).isEqualTo(-0x1p-24f);
        assertThat(Float16.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float16.toFloat((short) 0x7E00)).isNaN();
        assertThat(Float.floatToRawIntBits(Float16.toFloat((short) 0x8000))).isEqualTo(0x8000_0000); // -0
    }

    @Test
    void knownValuesNarrow() {
        assertThat(bits(1.0f)).isEqualTo(0x3C00);
        assertThat(bits(-2.0f)).isEqualTo(0xC000);
        assertThat(bits(65504f)).isEqualTo(0x7BFF);
        assertThat(bits(0x1p-24f)).isEqualTo(0x0001);
        assertThat(bits(0x1p-14f)).isEqualTo(0x0400);
        assertThat(bits(Float.POSITIVE_INFINITY)).isEqualTo(0x7C00);
        assertThat(bits(Float.NEGATIVE_INFINITY)).isEqualTo(0xFC00);
        assertThat(bits(-0.0f)).isEqualTo(0x8000);
        assertThat(Float16.toFloat(Float16.fromFloat(Float.NaN))).isNaN();
    }

    @Test
    void narrowingRoundsToNearestEven() {
        // 1 + 2^-11 is halfway between 1 (even mantissa) and 1 + 2^-10: goes to 1.
        assertThat(bits(1f + 0x1p-11f)).isEqualTo(0x3C00);
        // 1 + 3 * 2^-11 is halfway between 0x3C01 (odd) and 0x3C02 (even): goes up.
        assertThat(bits(1f + 3 * 0x1p-11f)).isEqualTo(0x3C02);
        assertThat(bits(Math.nextUp(1f + 0x1p-11f))).isEqualTo(0x3C01);
        // Overflow: 65519 rounds down to the largest half, 65520 (a tie) to infinity.
        assertThat(bits(65519f)).isEqualTo(0x7BFF);
        assertThat(bits(65520f)).isEqualTo(0x7C00);
        assertThat(bits(1e10f)).isEqualTo(0x7C00);
        // Underflow: 2^-25 ties to zero, anything above it to the smallest subnormal.
        assertThat(bits(0x1p-25f)).isEqualTo(0x0000);
        assertThat(bits(Math.nextUp(0x1p-25f))).isEqualTo(0x0001);
        assertThat(bits(3 * 0x1p-25f)).isEqualTo(0x0002); // 1.5 units: tie to even 2
        assertThat(bits(1e-30f)).isEqualTo(0x0000);
        assertThat(bits(-1e-30f)).isEqualTo(0x8000);
        // The largest subnormal plus a bit more than half a unit rounds up to the smallest normal.
        assertThat(bits(1023.6f * 0x1p-24f)).isEqualTo(0x0400);
    }

    @Test
    void everyHalfValueSurvivesWideningAndNarrowing() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(f)))).isTrue();
            } else {
                assertThat(bits(f)).as("half 0x%04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void narrowingMatchesExactNearestOnMidpoints() {
        // Between two consecutive positive finite halves, a float just below the midpoint goes down,
        // just above goes up, exactly at it goes to the even one.
        for (int h = 0; h < 0x7BFF; h++) {
            double lo = Float16.toFloat((short) h);
            double hi = Float16.toFloat((short) (h + 1));
            float mid = (float) ((lo + hi) / 2); // exact: halves have 11 significant bits
            int even = (h & 1) == 0 ? h : h + 1;
            assertThat(bits(mid)).as("midpoint after 0x%04x", h).isEqualTo(even);
            assertThat(bits(Math.nextDown(mid))).isEqualTo(h);
            assertThat(bits(Math.nextUp(mid))).isEqualTo(h + 1);
        }
    }
}
