package ai.sail.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns little-endian stored elements of any safetensors type into floats: F16 and BF16 widened
 * exactly, F64 and 64-bit integers rounded to the nearest float, booleans as 0 or 1.
 */
final class ElementDecoder {
    private ElementDecoder() {}

    /** Decodes {@code count} elements from the start of {@code src} into {@code dst[offset...]}. */
    static void decode(SafetensorsDType type, ByteBuffer src, float[] dst, int offset, int count) {
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case F32 -> in.asFloatBuffer().get(dst, offset, count);
            case F64 -> {
                var d = in.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) d.get(i);
                }
            }
            case F16 -> {
                var s = in.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = Float16.toFloat(s.get(i));
                }
            }
            case BF16 -> {
                var s = in.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = BFloat16.toFloat(s.get(i));
                }
            }
            case I64 -> {
                var l = in.asLongBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) l.get(i);
                }
            }
            case U64 -> {
                var l = in.asLongBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = unsignedLongToFloat(l.get(i));
                }
            }
            case I32 -> {
                var n = in.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) n.get(i);
                }
            }
            case U32 -> {
                var n = in.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = (float) Integer.toUnsignedLong(n.get(i));
                }
            }
            case I16 -> {
                var s = in.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = s.get(i);
                }
            }
            case U16 -> {
                var s = in.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = s.get(i) & 0xFFFF;
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = in.get(i);
                }
            }
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = in.get(i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = in.get(i) != 0 ? 1f : 0f;
                }
            }
        }
    }

    /** Rounds an unsigned 64-bit value to the nearest float. */
    static float unsignedLongToFloat(long v) {
        if (v >= 0) {
            return (float) v;
        }
        // Halve with the lost bit kept sticky, so rounding stays correct, then double.
        return (float) ((v >>> 1) | (v & 1)) * 2f;
    }
}
