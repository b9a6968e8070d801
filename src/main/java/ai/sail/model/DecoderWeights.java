package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.io.TensorSource;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The decoder's tensors by Sail name ({@link WeightSpec}), all float32 on one device. Kept apart
 * from the per-sequence state (the {@link KvCache}) so one set of weights serves many generations.
 */
public final class DecoderWeights implements AutoCloseable {
    private final Map<String, NDArray> tensors;

    private DecoderWeights(Map<String, NDArray> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public NDArray get(String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("decoder has no tensor " + name);
        }
        return a;
    }

    /** The tensor or null (biases that an architecture does not have). */
    public NDArray find(String name) {
        return tensors.get(name);
    }

    /** Every tensor in {@link WeightSpec} order; these are the trainable parameters. */
    public Map<String, NDArray> all() {
        return tensors;
    }

    /** Turns gradient tracking on or off for every tensor. */
    public void requireGradients(boolean on) {
        tensors.values().forEach(a -> a.setRequiresGradient(on));
    }

    /** Reads every tensor {@code config} needs from {@code source}, stacking and transposing parts. */
    public static DecoderWeights load(TensorSource source, CheckpointNaming naming, ModelConfig config,
            NDManager manager, String where) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try {
            for (WeightSpec spec : WeightSpec.forConfig(config)) {
                float[] data = readSpec(source, naming, spec, naming.partRows(spec, config), where);
                NDArray a = manager.create(data, new Shape(spec.shape()));
                a.setName(spec.name());
                out.put(spec.name(), a);
            }
        } catch (RuntimeException e) {
            out.values().forEach(NDArray::close);
            throw e;
        }
        return new DecoderWeights(out);
    }

    private static float[] readSpec(TensorSource source, CheckpointNaming naming, WeightSpec spec,
            long[] partRows, String where) {
        List<CheckpointNaming.Part> parts = naming.parts(spec.name());
        long cols = spec.shape().length == 2 ? spec.shape()[1] : 1;
        float[] data = new float[Math.toIntExact(spec.elements())];
        int offset = 0;
        for (int i = 0; i < parts.size(); i++) {
            CheckpointNaming.Part part = parts.get(i);
            if (!source.contains(part.name())) {
                throw new IllegalArgumentException(where + ": checkpoint lacks tensor '" + part.name()
                        + "' (needed for " + spec.name() + ")");
            }
            long[] shape = source.shape(part.name());
            long[] logical = part.transposed() && shape.length == 2 ? new long[] {shape[1], shape[0]} : shape;
            long partCols = logical.length == 2 ? logical[1] : 1;
            if (logical.length != spec.shape().length || partCols != cols || logical[0] != partRows[i]) {
                throw new IllegalArgumentException(where + ": tensor '" + part.name() + "' has shape "
                        + Arrays.toString(shape) + ", which does not fit " + spec + " of this config ("
                        + (parts.size() > 1 ? "part " + (i + 1) + " of " + parts.size() + ", " : "")
                        + partRows[i] + " rows expected)");
            }
            float[] values = source.readFloats(part.name());
            if (part.transposed()) {
                values = CheckpointNaming.transpose(values, (int) shape[0], (int) shape[1]);
            }
            System.arraycopy(values, 0, data, offset, values.length);
            offset += values.length;
        }
        return data;
    }

    /**
     * Random weights for benchmarks and tests: N(0, 0.02) matrices, unit norms, zero biases, drawn
     * from a Java RNG so the same seed gives the same model on every machine and device.
     */
    public static DecoderWeights random(ModelConfig config, NDManager manager, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            float[] data = new float[Math.toIntExact(spec.elements())];
            boolean norm = spec.name().contains("norm");
            if (norm && spec.name().endsWith(".weight")) {
                Arrays.fill(data, 1f);
            } else if (!spec.name().endsWith(".bias")) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (gaussian(rng) * 0.02);
                }
            }
            NDArray a = manager.create(data, new Shape(spec.shape()));
            a.setName(spec.name());
            out.put(spec.name(), a);
        }
        return new DecoderWeights(out);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Weights from plain arrays keyed by Sail name; every tensor {@code config} needs must be present. */
    public static DecoderWeights fromArrays(ModelConfig config, Map<String, float[]> arrays, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            float[] data = arrays.get(spec.name());
            if (data == null || data.length != spec.elements()) {
                out.values().forEach(NDArray::close);
                throw new IllegalArgumentException("missing or mis-sized tensor " + spec);
            }
            NDArray a = manager.create(data, new Shape(spec.shape()));
            a.setName(spec.name());
            out.put(spec.name(), a);
        }
        return new DecoderWeights(out);
    }

    /** Copies the values out, one float array per tensor, for saving. */
    public Map<String, float[]> toFloatArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    @Override
    public void close() {
        tensors.values().forEach(NDArray::close);
    }
}
