package ai.sail.io;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Widens or dequantises whole blocks of ggml data to float32. Supports the plain float types and
 * Q8_0, the one quantisation Sail needs for now (the others are rarely worth dequantising for
 * training, where weights end up in float32 anyway).
 *
 * <p>Q8_0 block (34 bytes): an f16 scale {@code d}, then 32 signed bytes {@code q}; value {@code d * q}.
 */
final class GgmlDequantizer {
    static final Set<GgmlType> SUPPORTED = EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0);

    private GgmlDequantizer() {}

    /**
     * Decodes {@code blocks} blocks from {@code src} (little-endian, positioned at the first block)
     * into {@code dst} starting at {@code dstOffset}.
     */
    static void decode(GgmlType type, ByteBuffer src, int blocks, float[] dst, int dstOffset) {
        switch (type) {
            case F32 -> src.asFloatBuffer().get(dst, dstOffset, blocks);
            case F16 -> {
                for (int i = 0; i < blocks; i++) {
                    dst[dstOffset + i] = Float16.toFloat(src.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < blocks; i++) {
                    dst[dstOffset + i] = Float.intBitsToFloat((src.getShort() & 0xFFFF) << 16);
                }
            }
            case Q8_0 -> {
                int out = dstOffset;
                for (int b = 0; b < blocks; b++) {
                    float d = Float16.toFloat(src.getShort());
                    for (int j = 0; j < 32; j++) {
                        dst[out++] = d * src.get();
                    }
                }
            }
            default -> throw new IllegalArgumentException("no decoder for " + type);
        }
    }
}
