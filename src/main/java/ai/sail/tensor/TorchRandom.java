package ai.sail.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's global generator, the one its dropout draws from. Seeding it again before a computation
 * is how a recomputation draws the same dropout masks as the first run (DJL exposes no way to save
 * and restore the generator's state).
 */
public final class TorchRandom {
    private TorchRandom() {}

    /**
     * A seed drawn from the generator itself, so that runs which never reseed and runs which do both
     * follow the generator's one stream of state.
     */
    public static long drawSeed(NDManager manager) {
        try (NDArray draw = manager.randomInteger(0, Integer.MAX_VALUE, new Shape(1), DataType.INT64)) {
            return draw.getLong(0);
        }
    }

    /** Reseeds the generator of every device. */
    public static void seed(long seed) {
        JniUtils.setSeed(seed);
    }
}
