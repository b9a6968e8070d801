package ai.sail.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.io.TensorSource;
import ai.sail.model.WeightSpec.Slot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The decoder's tensors on one device, as typed fields: float32, except that frozen matrices and the
 * token embedding may be held 16-bit ({@link FrozenDType}) and widened where they are used. Kept apart from the
 * per-sequence state (the {@link KvCache}) so one set of weights serves many generations.
 *
 * <p>Shapes use D = hidden size, V = vocabulary, H = query heads, KV = key/value heads, hd = head
 * width, F = MLP width. Which tensors exist depends on the {@link Architecture}; {@link WeightSpec}
 * lists them, and {@link #all()} gives the same tensors by Sail name (what the optimizer, gradient
 * norms and saved checkpoints use).
 */
public final class DecoderWeights implements AutoCloseable {

    /** A norm's gain {@code [D]} and, for LayerNorm, its bias {@code [D]} (null for RMSNorm). */
    public record Norm(NDArray weight, NDArray bias) {}

    /**
     * One decoder block. A projection's bias is null where the architecture has none.
     *
     * @param attentionNorm before attention, {@code [D]}
     * @param qkv q, k and v stacked by rows, {@code [(H + 2 KV) hd, D]}; bias {@code [(H + 2 KV) hd]}
     *     (Qwen2, GPT-2)
     * @param output attention output, {@code [D, H hd]}; bias {@code [D]} (GPT-2)
     * @param mlpNorm before the MLP, {@code [D]}
     * @param up SwiGLU's gate and up stacked by rows, {@code [2F, D]}; or GELU's up, {@code [F, D]},
     *     bias {@code [F]} (GPT-2)
     * @param down {@code [D, F]}; bias {@code [D]} (GPT-2)
     */
    public record Layer(Norm attentionNorm, Linear qkv, Linear output, Norm mlpNorm, Linear up, Linear down) {}

    private final NDArray embedding; // [V, D]
    private final NDArray positions; // [maxPositions, D] for learned positions (GPT-2); null otherwise
    private final List<Layer> baseLayers; // the frozen projections
    private List<Layer> layers; // what the decoder runs: baseLayers, or with LoRA projections once attached
    private LoraAdapters adapters; // null without LoRA
    private final boolean view; // a view shares another instance's arrays and closes nothing
    private final Norm finalNorm;
    private final Linear outputHead; // [V, D]: lm_head, or the embedding itself when tied
    private final Linear score; // [numLabels, D] for reward models; null otherwise
    private final Map<String, NDArray> byName;
    private final String origin;
    private final FrozenStorage storage; // how narrow tensors are held and widened

    /**
     * The one place tensors become fields: each goes where its {@link Slot} says. {@code tensors}
     * holds exactly the specs of {@code config}, in {@link WeightSpec#forConfig} order.
     */
    private DecoderWeights(ModelConfig config, Map<WeightSpec, NDArray> tensors, String origin, FrozenStorage storage) {
        this.origin = origin;
        this.storage = storage;
        Map<Slot, NDArray> global = new EnumMap<>(Slot.class);
        List<Map<Slot, NDArray>> perLayer = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            perLayer.add(new EnumMap<>(Slot.class));
        }
        tensors.forEach((spec, a) -> (spec.slot().perLayer ? perLayer.get(spec.layer()) : global).put(spec.slot(), a));
        embedding = global.get(Slot.EMBED);
        positions = global.get(Slot.POSITIONS);
        List<Layer> blocks = new ArrayList<>(config.layers());
        for (Map<Slot, NDArray> t : perLayer) {
            blocks.add(new Layer(
                    new Norm(t.get(Slot.ATTN_NORM), t.get(Slot.ATTN_NORM_BIAS)),
                    new Linear(t.get(Slot.QKV), t.get(Slot.QKV_BIAS), storage),
                    new Linear(t.get(Slot.O), t.get(Slot.O_BIAS), storage),
                    new Norm(t.get(Slot.MLP_NORM), t.get(Slot.MLP_NORM_BIAS)),
                    t.containsKey(Slot.GATE_UP) ? new Linear(t.get(Slot.GATE_UP), null, storage)
                            : new Linear(t.get(Slot.UP), t.get(Slot.UP_BIAS), storage),
                    new Linear(t.get(Slot.DOWN), t.get(Slot.DOWN_BIAS), storage)));
        }
        baseLayers = List.copyOf(blocks);
        layers = baseLayers;
        view = false;
        finalNorm = new Norm(global.get(Slot.FINAL_NORM), global.get(Slot.FINAL_NORM_BIAS));
        // A reward model has no LM head of its own; its logits, if asked for, use the embedding.
        outputHead = new Linear(global.getOrDefault(Slot.LM_HEAD, embedding), null, storage);
        score = global.containsKey(Slot.SCORE) ? new Linear(global.get(Slot.SCORE), null, storage) : null;

        // The by-name view, read back from the fields (and checked against what was put in).
        Map<String, NDArray> names = new LinkedHashMap<>();
        tensors.forEach((spec, a) -> {
            NDArray held = field(spec);
            if (held != a) {
                throw new IllegalStateException(spec + " does not land in its own field");
            }
            names.put(spec.name(), held);
        });
        byName = Collections.unmodifiableMap(names);
    }

    /** A view of {@code other}'s frozen weights without its adapters: same arrays, nothing copied. */
    private DecoderWeights(DecoderWeights other) {
        embedding = other.embedding;
        positions = other.positions;
        baseLayers = other.baseLayers;
        layers = other.baseLayers;
        finalNorm = other.finalNorm;
        outputHead = other.outputHead;
        score = other.score;
        byName = other.byName;
        origin = other.origin;
        storage = other.storage;
        view = true;
    }

    /** The field that holds {@code spec}'s tensor: the constructor read backwards. */
    private NDArray field(WeightSpec spec) {
        Layer l = spec.slot().perLayer ? baseLayers.get(spec.layer()) : null;
        return switch (spec.slot()) {
            case EMBED -> embedding;
            case POSITIONS -> positions;
            case ATTN_NORM -> l.attentionNorm().weight();
            case ATTN_NORM_BIAS -> l.attentionNorm().bias();
            case QKV -> l.qkv().weight();
            case QKV_BIAS -> l.qkv().bias();
            case O -> l.output().weight();
            case O_BIAS -> l.output().bias();
            case MLP_NORM -> l.mlpNorm().weight();
            case MLP_NORM_BIAS -> l.mlpNorm().bias();
            case GATE_UP, UP -> l.up().weight();
            case UP_BIAS -> l.up().bias();
            case DOWN -> l.down().weight();
            case DOWN_BIAS -> l.down().bias();
            case FINAL_NORM -> finalNorm.weight();
            case FINAL_NORM_BIAS -> finalNorm.bias();
            case LM_HEAD -> outputHead.weight();
            case SCORE -> score.weight();
        };
    }

    /** Token embedding {@code [V, D]} as held (16-bit when frozen narrow: use {@link #embed} to read it). */
    public NDArray embedding() {
        return embedding;
    }

    /** The embeddings of tokens {@code ids} ({@code [..]}, int64): {@code [.., D]} float32. */
    public NDArray embed(NDArray ids) {
        return storage.gatherRows(embedding, ids);
    }

    /** The type frozen matrices and the token embedding are held in. */
    public FrozenDType frozenDType() {
        return storage.type();
    }

    /** Learned position embedding {@code [maxPositions, D]}; empty with rotary positions. */
    public Optional<NDArray> positionEmbedding() {
        return Optional.ofNullable(positions);
    }

    /** The decoder blocks, first to last. */
    public List<Layer> layers() {
        return layers;
    }

    public Norm finalNorm() {
        return finalNorm;
    }

    /**
     * Next-token logits from hidden states, {@code [V, D]}: lm_head, or the token embedding when tied.
     * Never biased and never adapted (no supported family has an lm_head bias, and PEFT's targets
     * leave the head out): {@link Decoder#tokenLogits} relies on it.
     */
    public Linear outputHead() {
        return outputHead;
    }

    /** The reward model's head {@code [numLabels, D]}; empty for a language model. */
    public Optional<Linear> score() {
        return Optional.ofNullable(score);
    }

    /**
     * Every frozen-or-trained model tensor by Sail name ({@link WeightSpec#name()}), in
     * {@link WeightSpec#forConfig} order; without adapters these are the trainable parameters.
     * Unmodifiable; the arrays are the fields' own. Adapters are not in it: see {@link #trainable()}.
     */
    public Map<String, NDArray> all() {
        return byName;
    }

    /**
     * Where the values came from, for messages about them: {@code loaded from <path>}, or how they were
     * made. Weights change in place while training; this still names where they started.
     */
    public String origin() {
        return origin;
    }

    /**
     * What training updates, by name: the adapters' A and B when LoRA is attached (the model's own
     * tensors then stay frozen, with no gradient and no optimizer state), else {@link #all()}. The
     * optimizer, the gradient norm and checkpoints iterate this.
     */
    public Map<String, NDArray> trainable() {
        if (adapters != null) {
            return adapters.parameters();
        }
        if (storage.type().narrow()) {
            throw new IllegalStateException("weights held in " + storage.type().cliName()
                    + " are frozen: only LoRA adapters can be trained on them (frozen-dtype fp32 for full fine-tuning)");
        }
        return byName;
    }

    /** Turns gradient tracking on or off for every {@link #trainable()} tensor. */
    public void requireGradients(boolean on) {
        trainable().values().forEach(a -> a.setRequiresGradient(on));
    }

    /**
     * Puts LoRA adapters on the projections they target; from then on {@link #layers()} runs them and
     * {@link #trainable()} is theirs. The adapters are closed with these weights.
     */
    public void attach(LoraAdapters lora) {
        if (view || adapters != null) {
            throw new IllegalStateException(view ? "cannot attach adapters to a view" : "adapters already attached");
        }
        adapters = lora;
        layers = List.copyOf(lora.adapt(baseLayers));
    }

    /** The attached adapters; empty for full fine-tuning. */
    public Optional<LoraAdapters> adapters() {
        return Optional.ofNullable(adapters);
    }

    /**
     * The base model with the adapters switched off, as a view over the same arrays (the LoRA
     * reference model: no second copy of the weights, as TRL does with PEFT). Closing it closes
     * nothing.
     */
    public DecoderWeights withoutAdapters() {
        return new DecoderWeights(this);
    }

    /** Reads every tensor {@code config} needs from {@code source}, stacking and transposing parts. */
    public static DecoderWeights load(TensorSource source, CheckpointNaming naming, ModelConfig config,
            NDManager manager, String where) {
        return load(source, naming, config, manager, where, FrozenDType.FP32);
    }

    /** As {@link #load(TensorSource, CheckpointNaming, ModelConfig, NDManager, String)}, frozen tensors held in {@code frozen}. */
    public static DecoderWeights load(TensorSource source, CheckpointNaming naming, ModelConfig config,
            NDManager manager, String where, FrozenDType frozen) {
        return create(config, manager, "loaded from " + where,
                spec -> readSpec(source, naming, spec, naming.partRows(spec, config), where), frozen);
    }

    private static float[] readSpec(TensorSource source, CheckpointNaming naming, WeightSpec spec,
            long[] partRows, String where) {
        List<CheckpointNaming.Part> parts = naming.parts(spec);
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
     * Random weights for benchmarks and tests: N(0, 0.02) matrices and tables, unit norm gains, zero
     * biases, drawn from a Java RNG so the same seed gives the same model on every machine and device.
     */
    public static DecoderWeights random(ModelConfig config, NDManager manager, long seed) {
        return random(config, manager, seed, FrozenDType.FP32);
    }

    /** As {@link #random(ModelConfig, NDManager, long)}, frozen tensors held in {@code frozen}. */
    public static DecoderWeights random(ModelConfig config, NDManager manager, long seed, FrozenDType frozen) {
        SplittableRandom rng = new SplittableRandom(seed);
        DecoderWeights weights = create(config, manager, "random weights, seed " + seed, spec -> randomValues(spec, rng),
                frozen.resolve(Map.of()));
        // Each tensor was drawn into a Java array, garbage once copied to libtorch: at Qwen2.5-0.5B's
        // size, gigabytes of Java heap that stay committed, and counted in the resident memory the
        // benchmarks compare, until a full collection hands them back to the system.
        System.gc();
        return weights;
    }

    /**
     * The values {@link #random} gives for the same config and seed, as plain arrays keyed by Sail name,
     * without making tensors: what a random checkpoint is written from, so that loading it back gives
     * exactly the model {@link #random} builds.
     */
    public static Map<String, float[]> randomArrays(ModelConfig config, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (WeightSpec spec : WeightSpec.forConfig(config)) {
            out.put(spec.name(), randomValues(spec, rng));
        }
        return out;
    }

    /** One tensor's initial values: norm gains 1, biases 0, tables and matrices N(0, 0.02^2). */
    private static float[] randomValues(WeightSpec spec, SplittableRandom rng) {
        float[] data = new float[Math.toIntExact(spec.elements())];
        switch (spec.slot().kind) {
            case NORM_GAIN -> Arrays.fill(data, 1f);
            case BIAS -> { }
            case TABLE, MATRIX -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (gaussian(rng) * 0.02);
                }
            }
        }
        return data;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Weights from plain arrays keyed by Sail name; every tensor {@code config} needs must be present. */
    public static DecoderWeights fromArrays(ModelConfig config, Map<String, float[]> arrays, NDManager manager) {
        return create(config, manager, "weights given as arrays", spec -> {
            float[] data = arrays.get(spec.name());
            if (data == null || data.length != spec.elements()) {
                throw new IllegalArgumentException("missing or mis-sized tensor " + spec);
            }
            return data;
        }, FrozenDType.FP32);
    }

    /** One array per spec of {@code config}, from {@code values}; closes what it made if one fails. */
    private static DecoderWeights create(ModelConfig config, NDManager manager, String origin,
            Function<WeightSpec, float[]> values, FrozenDType frozen) {
        Map<WeightSpec, NDArray> out = new LinkedHashMap<>();
        FrozenStorage storage = new FrozenStorage(frozen, manager);
        try {
            for (WeightSpec spec : WeightSpec.forConfig(config)) {
                float[] data = values.apply(spec);
                Shape shape = new Shape(spec.shape());
                // Only the large tensors go narrow; norms, biases and learned positions are small.
                boolean narrow = spec.slot().kind == WeightSpec.Kind.MATRIX || spec.slot() == Slot.EMBED;
                NDArray a = narrow ? storage.store(data, shape, manager) : manager.create(data, shape);
                a.setName(spec.name());
                out.put(spec, a);
            }
            return new DecoderWeights(config, out, origin, storage);
        } catch (RuntimeException e) {
            out.values().forEach(NDArray::close);
            storage.close();
            throw e;
        }
    }

    /**
     * The weights a plain checkpoint of this model holds: {@link #toFloatArrays()} with the adapters,
     * if any, folded in ({@link LoraAdapters#merge}).
     */
    public Map<String, float[]> mergedFloatArrays() {
        return adapters == null ? toFloatArrays() : adapters.merge(toFloatArrays());
    }

    /** Copies the frozen (or fully trained) values out, one float array per tensor by Sail name. */
    public Map<String, float[]> toFloatArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        byName.forEach((k, v) -> out.put(k, storage.toFloats(v)));
        return out;
    }

    @Override
    public void close() {
        if (view) {
            return;
        }
        if (adapters != null) {
            adapters.close();
        }
        byName.values().forEach(NDArray::close);
        storage.close();
    }
}
