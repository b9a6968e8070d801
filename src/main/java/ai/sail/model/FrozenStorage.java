package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.sail.io.BFloat16;
import ai.sail.io.Float16;
import ai.sail.tensor.StepScope;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Holds frozen tensors in a 16-bit {@link FrozenDType} and widens them to float32 when they are used.
 *
 * <p>What DJL 0.36 / libtorch 2.7.1 on CPU allows (probed; each abort kills the JVM with no Java
 * exception): FLOAT16 tensors can be created, cast to and from FLOAT32, and gathered from by the
 * embedding op; a matmul that mixes FLOAT16 and FLOAT32 throws. BFLOAT16 and INT16 abort on creation
 * and on {@code toType}. UINT8 works, so bfloat16 is held as its two little-endian bytes
 * ({@code [..., 2]} UINT8) and widened by looking the 16-bit pattern up in a float32 table of all
 * 65,536 bfloat16 values, built in Java ({@link BFloat16#toFloat}), hence exact.
 *
 * <p>Widened copies are new arrays the caller closes after use: in inference only one matrix is wide
 * at a time. Under autograd libtorch keeps its own reference to the wide copy for the backward pass
 * (closing the Java handle early leaves the gradient intact, probed under GC pressure), so without
 * gradient checkpointing a training forward still holds every layer's wide copy until backward.
 */
final class FrozenStorage implements AutoCloseable {
    private final FrozenDType type;
    private final NDArray bf16Values; // [65536, 1] float32, the value of each bit pattern; null unless BF16
    private final NDArray byteWeight; // int32 256: weight of the high byte; null unless BF16

    /** @param type a concrete type (not {@link FrozenDType#AUTO}) */
    FrozenStorage(FrozenDType type, NDManager manager) {
        if (type == FrozenDType.AUTO) {
            throw new IllegalArgumentException("resolve frozen-dtype auto against the checkpoint first");
        }
        this.type = type;
        if (type == FrozenDType.BF16) {
            float[] table = new float[1 << 16];
            for (int bits = 0; bits < table.length; bits++) {
                table[bits] = BFloat16.toFloat((short) bits);
            }
            bf16Values = StepScope.unscoped(manager.create(table, new Shape(table.length, 1)));
            byteWeight = StepScope.unscoped(manager.create(256));
        } else {
            bf16Values = null;
            byteWeight = null;
        }
    }

    FrozenDType type() {
        return type;
    }

    /** Whether {@code stored} is held narrow (a float32 array passes through untouched). */
    static boolean isNarrow(NDArray stored) {
        return stored.getDataType() != DataType.FLOAT32;
    }

    /** {@code values} of logical {@code shape} in this storage's type, on {@code manager}. */
    NDArray store(float[] values, Shape shape, NDManager manager) {
        return switch (type) {
            case FP32, AUTO -> manager.create(values, shape);
            case F16 -> {
                // Narrowed in Java into a direct native-order byte buffer, which the tensor then uses as
                // its memory: a float32 array narrowed by toType, or any other buffer, is copied, and the
                // first copy stays allocated until the garbage collector runs.
                ByteBuffer halves = ByteBuffer.allocateDirect(values.length * 2).order(ByteOrder.nativeOrder());
                for (float v : values) {
                    halves.putShort(Float16.fromFloat(v));
                }
                halves.flip();
                yield manager.create(halves, shape, DataType.FLOAT16);
            }
            case BF16 -> {
                // The bytes in file order (little-endian), which is also the order widen() reads them in.
                ByteBuffer bytes = ByteBuffer.allocateDirect(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    bytes.putShort(BFloat16.fromFloat(v));
                }
                bytes.flip();
                long[] dims = Arrays.copyOf(shape.getShape(), shape.dimension() + 1);
                dims[dims.length - 1] = 2;
                yield manager.create(bytes, new Shape(dims), DataType.UINT8);
            }
        };
    }

    /** A new float32 array with {@code stored}'s values; the caller closes it. */
    NDArray widen(NDArray stored) {
        if (stored.getDataType() == DataType.FLOAT16) {
            return stored.toType(DataType.FLOAT32, false);
        }
        if (stored.getDataType() != DataType.UINT8) {
            throw new IllegalStateException("not a narrow frozen tensor: " + stored.getDataType());
        }
        long[] dims = stored.getShape().getShape();
        Shape logical = new Shape(Arrays.copyOf(dims, dims.length - 1));
        long n = logical.size();
        if (n <= CHUNK) {
            try (NDArray pairs = stored.reshape(n, 2); NDArray column = lookUp(pairs)) {
                return column.reshape(logical);
            }
        }
        // In chunks, so that the index arrays (4 bytes a value each) stay small beside the result.
        NDList parts = new NDList();
        try (NDArray pairs = stored.reshape(n, 2)) {
            for (long from = 0; from < n; from += CHUNK) {
                try (NDArray chunk = pairs.get(from + ":" + Math.min(n, from + CHUNK))) {
                    parts.add(lookUp(chunk));
                }
            }
            try (NDArray column = NDArrays.concat(parts, 0)) {
                return column.reshape(logical);
            }
        } finally {
            parts.close();
        }
    }

    private static final long CHUNK = 1L << 20;

    /** {@code [n, 2]} little-endian bfloat16 bytes to {@code [n, 1]} float32, by table lookup. */
    private NDArray lookUp(NDArray pairs) {
        NDArray bits;
        try (NDArray lowByte = pairs.get(":, 0"); NDArray highByte = pairs.get(":, 1");
                NDArray low = lowByte.toType(DataType.INT32, false); NDArray high = highByte.toType(DataType.INT32, false);
                NDArray scaled = high.mul(byteWeight)) {
            bits = scaled.add(low);
        }
        try (bits) {
            return bits.getNDArrayInternal().embedding(bits, bf16Values, SparseFormat.DENSE).head();
        }
    }

    /** Rows {@code ids} of a stored table {@code [V, D]}, widened: {@code [.., D]} float32. */
    NDArray gatherRows(NDArray table, NDArray ids) {
        if (!isNarrow(table)) {
            return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
        }
        // Gather the narrow rows first and widen only them: a step touches a few rows of a large table.
        long rows = table.getShape().get(0);
        try (NDArray flat = table.reshape(rows, -1);
                NDArray picked = ids.getNDArrayInternal().embedding(ids, flat, SparseFormat.DENSE).head()) {
            if (type == FrozenDType.F16) {
                return picked.toType(DataType.FLOAT32, false);
            }
            long[] idShape = ids.getShape().getShape();
            long[] dims = Arrays.copyOf(idShape, idShape.length + 2);
            dims[idShape.length] = table.getShape().get(1);
            dims[idShape.length + 1] = 2;
            try (NDArray bytes = picked.reshape(new Shape(dims))) {
                return widen(bytes);
            }
        }
    }

    /** {@code stored}'s values as Java floats (exact). */
    float[] toFloats(NDArray stored) {
        if (!isNarrow(stored)) {
            return stored.toFloatArray();
        }
        try (NDArray wide = widen(stored)) {
            return wide.toFloatArray();
        }
    }

    @Override
    public void close() {
        if (bf16Values != null) {
            bf16Values.close();
            byteWeight.close();
        }
    }
}
