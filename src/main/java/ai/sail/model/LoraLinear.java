package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * A frozen projection with LoRA adapters: {@code y = x W^T + b + delta(x)}.
 *
 * <p>Sail fuses projections that PEFT adapts one by one (q, k and v in {@code qkv}; gate and up in
 * {@code gate_up}), so one projection holds one (A, B) pair per adapted segment of its output rows:
 * {@code delta(x)} is, for each segment in row order, {@code scaling * (drop(x) A^T) B^T} where that
 * segment is adapted and zeros where it is not. A projection PEFT treats as one module (o_proj,
 * down_proj, GPT-2's c_attn) is the case of a single segment covering every row. The scaling is a
 * tensor ({@link LoraAdapters#scaling()}), never a Java number: see {@link ai.sail.tensor.Constants}.
 */
final class LoraLinear extends Linear {
    private final LoraAdapters owner;
    private final List<LoraAdapters.Segment> segments; // adapted segments, by first row
    private final long outRows;

    LoraLinear(Linear base, long outRows, List<LoraAdapters.Segment> segments, LoraAdapters owner) {
        super(base);
        this.owner = owner;
        this.segments = List.copyOf(segments);
        this.outRows = outRows;
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray y = super.apply(x);
        // PEFT drops the adapter's input only: the frozen path sees x unchanged.
        NDArray in = owner.training() && owner.settings().dropout() > 0
                ? Dropout.dropout(x, (float) owner.settings().dropout(), true).head()
                : x;
        List<NDArray> pieces = new ArrayList<>();
        long at = 0;
        for (LoraAdapters.Segment s : segments) {
            if (s.module().rowStart() > at) {
                pieces.add(zeros(x, s.module().rowStart() - at));
            }
            // Scaling the [.., r] intermediate costs r multiplies per row instead of out.
            NDArray low = ai.djl.nn.core.Linear.linear(in, s.a(), null).head().mul(owner.scaling());
            pieces.add(ai.djl.nn.core.Linear.linear(low, s.b(), null).head());
            at = s.module().rowStart() + s.module().rows();
        }
        if (at < outRows) {
            pieces.add(zeros(x, outRows - at));
        }
        NDArray delta = pieces.size() == 1 ? pieces.get(0) : NDArrays.concat(new NDList(pieces), -1);
        return y.add(delta);
    }

    /** Zeros {@code [.., rows]} shaped like {@code x} but for its last axis. */
    private static NDArray zeros(NDArray x, long rows) {
        long[] shape = x.getShape().getShape().clone();
        shape[shape.length - 1] = rows;
        return x.getManager().zeros(new Shape(shape), x.getDataType());
    }
}
