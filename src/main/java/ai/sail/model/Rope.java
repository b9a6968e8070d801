package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.tensor.StepScope;

/**
 * Rotary position embeddings: each pair of coordinates (a, b) of a query or key at position p turns
 * by angle p * theta^(-2i/d): (a cos - b sin, b cos + a sin). Which coordinates form a pair is the
 * {@link RopeStyle}.
 *
 * <p>Written as {@code x * cos + rotate(x) * sin} with cos/sin tables already laid out for the style,
 * so applying it costs five tensor ops. The tables grow on demand instead of being sized for the
 * configured maximum (131k positions would be hundreds of megabytes for nothing).
 */
final class Rope implements AutoCloseable {
    private final NDManager manager;
    private final int headDim;
    private final double theta;
    private final RopeStyle style;
    private NDArray cos; // [positions, headDim]
    private NDArray sin;
    private int positions;

    Rope(NDManager parent, int headDim, double theta, RopeStyle style) {
        this.manager = parent.newSubManager();
        this.headDim = headDim;
        this.theta = theta;
        this.style = style;
    }

    /** The cos and sin rows of one forward pass, {@code [B, 1, T, headDim]}, broadcast over heads. */
    record Angles(NDArray cos, NDArray sin) {}

    /**
     * Looks up the angles of the positions {@code positionIds} ({@code [B, T]}, int64) once per
     * forward pass; every layer then reuses them.
     */
    Angles angles(NDArray positionIds, int maxPosition) {
        ensure(maxPosition + 1);
        return new Angles(lookup(cos, positionIds).expandDims(1), lookup(sin, positionIds).expandDims(1));
    }

    /** Rotates {@code x} ({@code [B, heads, T, headDim]}); queries and keys go through together. */
    NDArray apply(NDArray x, Angles a) {
        return x.mul(a.cos()).add(rotate(x).mul(a.sin()));
    }

    private static NDArray lookup(NDArray table, NDArray ids) {
        return ids.getNDArrayInternal().embedding(ids, table, ai.djl.ndarray.types.SparseFormat.DENSE).head();
    }

    /** (a, b) -> (-b, a) for every pair. */
    private NDArray rotate(NDArray x) {
        Shape shape = x.getShape();
        if (style == RopeStyle.HALF_SPLIT) {
            int last = shape.dimension() - 1;
            NDList halves = x.split(2, last);
            return halves.get(1).neg().concat(halves.get(0), last);
        }
        // [.., d] -> [.., d/2, 2]: element 0 of each pair is even, 1 is odd
        int pairAxis = shape.dimension();
        NDList pairs = x.reshape(shape.slice(0, shape.dimension() - 1).add(headDim / 2, 2)).split(2, pairAxis);
        return pairs.get(1).neg().concat(pairs.get(0), pairAxis).reshape(shape);
    }

    private synchronized void ensure(int needed) {
        if (needed <= positions) {
            return;
        }
        int n = Math.max(needed, Math.max(64, positions * 2));
        Table t = Table.of(n, headDim, theta, style);
        if (cos != null) {
            cos.close();
            sin.close();
        }
        // The tables outlive the forward pass that grows them: closed with this Rope's manager.
        cos = StepScope.unscoped(manager.create(t.cos(), new Shape(n, headDim)));
        sin = StepScope.unscoped(manager.create(t.sin(), new Shape(n, headDim)));
        positions = n;
    }

    /**
     * The cos and sin of every position below {@code positions}, {@code [positions * headDim]} each,
     * laid out for {@code style}: both coordinates of a pair hold their pair's angle. The one
     * definition of the angles, shared with {@link DecodeKernel}.
     */
    record Table(float[] cos, float[] sin) {
        static Table of(int positions, int headDim, double theta, RopeStyle style) {
            float[] c = new float[positions * headDim];
            float[] s = new float[positions * headDim];
            int half = headDim / 2;
            for (int p = 0; p < positions; p++) {
                for (int i = 0; i < half; i++) {
                    // Same float32 steps as the reference implementations, so angles agree bit for bit.
                    float invFreq = (float) (1.0 / Math.pow(theta, (2.0 * i) / headDim));
                    float angle = p * invFreq;
                    float cv = (float) Math.cos(angle);
                    float sv = (float) Math.sin(angle);
                    int a = style == RopeStyle.HALF_SPLIT ? i : 2 * i;
                    int b = style == RopeStyle.HALF_SPLIT ? i + half : 2 * i + 1;
                    c[p * headDim + a] = cv;
                    c[p * headDim + b] = cv;
                    s[p * headDim + a] = sv;
                    s[p * headDim + b] = sv;
                }
            }
            return new Table(c, s);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
