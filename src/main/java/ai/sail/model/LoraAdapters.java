package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.model.WeightSpec.Slot;
import ai.sail.tensor.Constants;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The LoRA adapters of one decoder: for every targeted module (as PEFT names modules) a trainable
 * {@code A [r, in]} and {@code B [rows, r]}, and the scaling as a tensor. The decoder's own weights
 * stay frozen; {@link #adapt} wraps the targeted projections in {@link LoraLinear}s.
 *
 * <p>Modules are found through the Hugging Face {@link CheckpointNaming}: each checkpoint tensor that
 * makes up a fused Sail projection is one PEFT module ({@code q_proj} is the first rows of
 * {@code qkv}, {@code up_proj} the second half of {@code gate_up}), and its tensor name without
 * {@code .weight} is the module's path in the transformers model. So every architecture gets its
 * module names and row ranges from the one table that already loads and saves it.
 */
public final class LoraAdapters implements AutoCloseable {

    /**
     * One module PEFT can adapt: rows {@code [rowStart, rowStart + rows)} of the projection in
     * {@code slot} of {@code layer}, with {@code in} inputs; {@code path} is its transformers path
     * ({@code model.layers.0.self_attn.q_proj}, {@code transformer.h.0.attn.c_attn}).
     */
    public record Module(int layer, Slot slot, int segment, long rowStart, long rows, long in, String path) {
        /** PEFT's module name, what {@code target_modules} lists: {@code q_proj}, {@code c_attn}. */
        public String shortName() {
            return path.substring(path.lastIndexOf('.') + 1);
        }

        /** Sail's name for the module: {@code layers.0.qkv.q_proj}. */
        public String sailName() {
            String slotName = slot.sailName();
            return "layers." + layer + "." + slotName.substring(0, slotName.lastIndexOf('.')) + "." + shortName();
        }

        /** The Sail name of the frozen tensor this module is part of: {@code layers.0.qkv.weight}. */
        String weightName() {
            return "layers." + layer + "." + slot.sailName();
        }
    }

    /** A module's trainable pair. */
    public record Segment(Module module, NDArray a, NDArray b) {}

    private final ModelConfig config;
    private final LoraSettings settings;
    private final List<Segment> segments;
    private final Map<String, NDArray> parameters;
    private final Constants constants;
    private volatile boolean training;

    private LoraAdapters(ModelConfig config, LoraSettings settings, List<Segment> segments, NDManager manager) {
        this.config = config;
        this.settings = settings;
        this.segments = List.copyOf(segments);
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Segment s : segments) {
            params.put(s.module().sailName() + ".lora_A", s.a());
            params.put(s.module().sailName() + ".lora_B", s.b());
        }
        this.parameters = java.util.Collections.unmodifiableMap(params);
        this.constants = new Constants(manager);
    }

    /** Every projection of {@code config}'s layers that PEFT could adapt, in checkpoint order. */
    public static List<Module> modules(ModelConfig config) {
        CheckpointNaming naming = CheckpointNaming.huggingFace(config.architecture(), name -> true);
        List<Module> out = new ArrayList<>();
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            if (!spec.slot().perLayer || spec.slot().kind != WeightSpec.Kind.MATRIX) {
                continue;
            }
            List<CheckpointNaming.Part> parts = naming.parts(spec);
            long[] rows = naming.partRows(spec, config);
            long start = 0;
            for (int i = 0; i < parts.size(); i++) {
                String name = parts.get(i).name();
                out.add(new Module(spec.layer(), spec.slot(), i, start, rows[i], spec.shape()[1],
                        name.substring(0, name.length() - ".weight".length())));
                start += rows[i];
            }
        }
        return out;
    }

    /**
     * The modules {@code settings} targets in {@code config}; a name that matches no module is an error
     * naming the ones that exist (PEFT also refuses targets it cannot find).
     */
    public static List<Module> targeted(ModelConfig config, LoraSettings settings) {
        List<Module> all = modules(config);
        List<String> targets = settings.targetsFor(config.architecture());
        if (targets.equals(List.of(LoraSettings.ALL_LINEAR))) {
            return all;
        }
        Set<String> known = new LinkedHashSet<>();
        all.forEach(m -> known.add(m.shortName()));
        for (String t : targets) {
            if (!known.contains(t)) {
                throw new IllegalArgumentException("lora-targets: no module '" + t + "' in a "
                        + config.architecture().modelType() + " model; its modules are " + String.join(", ", known)
                        + " (or " + LoraSettings.ALL_LINEAR + ")");
            }
        }
        return all.stream().filter(m -> targets.contains(m.shortName())).toList();
    }

    /**
     * New adapters as PEFT initialises them: A Kaiming-uniform with {@code a = sqrt(5)}, which is
     * {@code U(-1/sqrt(in), 1/sqrt(in))}; B zeros, so the adapted model starts as the base model. Drawn
     * from a Java RNG so a seed gives the same adapters on every machine.
     */
    public static LoraAdapters initialise(ModelConfig config, LoraSettings settings, NDManager manager, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return create(config, settings, manager, m -> {
            float[] a = new float[Math.toIntExact(settings.r() * m.in())];
            double bound = 1 / Math.sqrt(m.in());
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
            return new float[][] {a, new float[Math.toIntExact(m.rows() * settings.r())]};
        });
    }

    /** Adapters from arrays keyed as {@link #parameters} names them; every targeted module must be there. */
    public static LoraAdapters fromArrays(ModelConfig config, LoraSettings settings, Map<String, float[]> arrays,
            NDManager manager) {
        return create(config, settings, manager, m -> new float[][] {
            sized(arrays, m.sailName() + ".lora_A", settings.r() * m.in()),
            sized(arrays, m.sailName() + ".lora_B", m.rows() * settings.r())});
    }

    private static float[] sized(Map<String, float[]> arrays, String name, long elements) {
        float[] v = arrays.get(name);
        if (v == null || v.length != elements) {
            throw new IllegalArgumentException("adapter tensor " + name + " is "
                    + (v == null ? "missing" : "of " + v.length + " values, not " + elements));
        }
        return v;
    }

    private static LoraAdapters create(ModelConfig config, LoraSettings settings, NDManager manager,
            Function<Module, float[][]> values) {
        List<Segment> segments = new ArrayList<>();
        try {
            for (Module m : targeted(config, settings)) {
                float[][] ab = values.apply(m);
                NDArray a = manager.create(ab[0], new Shape(settings.r(), m.in()));
                NDArray b = manager.create(ab[1], new Shape(m.rows(), settings.r()));
                a.setName(m.sailName() + ".lora_A");
                b.setName(m.sailName() + ".lora_B");
                segments.add(new Segment(m, a, b));
            }
        } catch (RuntimeException e) {
            segments.forEach(s -> {
                s.a().close();
                s.b().close();
            });
            throw e;
        }
        return new LoraAdapters(config, settings, segments, manager);
    }

    public ModelConfig config() {
        return config;
    }

    public LoraSettings settings() {
        return settings;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The trainable tensors, {@code layers.0.qkv.q_proj.lora_A} and so on, in module order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The scaling as a long-lived tensor. */
    NDArray scaling() {
        return constants.scalar((float) settings.scaling());
    }

    /** Whether dropout applies (training only, as in PEFT's {@code model.train()}). */
    public boolean training() {
        return training;
    }

    public void training(boolean on) {
        training = on;
    }

    /** {@code base}'s layers with every targeted projection wrapped in a {@link LoraLinear}. */
    List<DecoderWeights.Layer> adapt(List<DecoderWeights.Layer> base) {
        List<DecoderWeights.Layer> out = new ArrayList<>(base.size());
        Slot up = config.architecture().mlp == Architecture.Mlp.SWIGLU ? Slot.GATE_UP : Slot.UP;
        for (int l = 0; l < base.size(); l++) {
            DecoderWeights.Layer b = base.get(l);
            out.add(new DecoderWeights.Layer(b.attentionNorm(), wrap(b.qkv(), l, Slot.QKV), wrap(b.output(), l, Slot.O),
                    b.mlpNorm(), wrap(b.up(), l, up), wrap(b.down(), l, Slot.DOWN)));
        }
        return out;
    }

    private Linear wrap(Linear base, int layer, Slot slot) {
        List<Segment> mine = segments.stream()
                .filter(s -> s.module().layer() == layer && s.module().slot() == slot)
                .sorted(java.util.Comparator.comparingLong(s -> s.module().rowStart()))
                .toList();
        return mine.isEmpty() ? base : new LoraLinear(base, base.weight().getShape().get(0), mine, this);
    }

    /** The adapters' values by {@link #parameters} name. */
    public Map<String, float[]> toFloatArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    /**
     * {@code base} (frozen weights by Sail name) with every adapter folded in, in double precision:
     * {@code W[rows of the module] += scaling * B A}. The input map and arrays are left as they are.
     */
    public Map<String, float[]> merge(Map<String, float[]> base) {
        Map<String, float[]> out = new LinkedHashMap<>(base);
        Map<String, float[]> copied = new LinkedHashMap<>();
        int r = settings.r();
        double scaling = settings.scaling();
        for (Segment s : segments) {
            Module m = s.module();
            float[] w = copied.computeIfAbsent(m.weightName(), k -> base.get(k).clone());
            float[] a = s.a().toFloatArray();
            float[] b = s.b().toFloatArray();
            int in = Math.toIntExact(m.in());
            double[] row = new double[in];
            for (int o = 0; o < m.rows(); o++) {
                Arrays.fill(row, 0);
                for (int k = 0; k < r; k++) {
                    double bk = b[o * r + k];
                    if (bk != 0) {
                        for (int c = 0; c < in; c++) {
                            row[c] += bk * a[k * in + c];
                        }
                    }
                }
                int offset = Math.toIntExact((m.rowStart() + o) * in);
                for (int c = 0; c < in; c++) {
                    w[offset + c] = (float) (w[offset + c] + scaling * row[c]);
                }
            }
        }
        out.putAll(copied);
        return out;
    }

    @Override
    public void close() {
        constants.close();
        parameters.values().forEach(NDArray::close);
    }
}
