package ai.sail.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.tensor.TorchRuntime;
import java.util.List;
import java.util.Optional;

/**
 * The model a benchmark measures: a loaded checkpoint, or random weights of a given shape, which needs
 * no files. Closing it frees the weights (and, for a checkpoint, its tokenizer).
 */
public final class BenchmarkModel implements AutoCloseable {
    private final Decoder decoder;
    private final Runnable release;
    private final LanguageModel checkpoint;
    private String description;

    private BenchmarkModel(Decoder decoder, Runnable release, String description) {
        this(decoder, release, description, null);
    }

    private BenchmarkModel(Decoder decoder, Runnable release, String description, LanguageModel checkpoint) {
        this.decoder = decoder;
        this.release = release;
        this.description = description;
        this.checkpoint = checkpoint;
    }

    /**
     * The shape of a random-weight model. Rotary positions pair coordinates as Hugging Face
     * checkpoints do; GPT-2 has no grouped keys and values, so its key/value heads are its heads.
     *
     * @param tiedEmbeddings whether the output head is the token embedding (always for GPT-2)
     * @param ropeTheta rotary base (unused by GPT-2)
     */
    public record Shape(Architecture architecture, int hiddenSize, int layers, int heads, int kvHeads,
            int intermediateSize, int vocabSize, boolean tiedEmbeddings, double ropeTheta) {

        /** Names of the presets {@link #preset} knows, for messages and help. */
        public static final String PRESETS = "qwen2.5-0.5b";

        public Shape {
            if (hiddenSize % heads != 0) {
                throw new IllegalArgumentException("--d-model must be a multiple of --heads");
            }
            if (!(ropeTheta > 0)) {
                throw new IllegalArgumentException("rope theta must be > 0");
            }
        }

        /** Untied, rotary base 10,000: the shape flags' model. */
        public Shape(Architecture architecture, int hiddenSize, int layers, int heads, int kvHeads,
                int intermediateSize, int vocabSize) {
            this(architecture, hiddenSize, layers, heads, kvHeads, intermediateSize, vocabSize,
                    architecture == Architecture.GPT2, 10000.0);
        }

        /**
         * A published model's shape, random weights: {@code qwen2.5-0.5b} is Qwen2.5-0.5B's config.json
         * (q/k/v biases come with the qwen2 architecture).
         */
        public static Shape preset(String name) {
            if (name.equals("qwen2.5-0.5b")) {
                return new Shape(Architecture.QWEN2, 896, 24, 14, 2, 4864, 151_936, true, 1_000_000.0);
            }
            throw new IllegalArgumentException("--shape: unknown shape '" + name + "'; known: " + PRESETS);
        }

        ModelConfig config() {
            return config(1, List.of(2), -1);
        }

        /** This shape with the special token ids of a tokenizer (-1 for none): a checkpoint is written with them. */
        ModelConfig config(int bosId, List<Integer> eosIds, int padId) {
            boolean gpt2 = architecture == Architecture.GPT2;
            return ModelConfig.builder(architecture).vocabSize(vocabSize).hiddenSize(hiddenSize).layers(layers)
                    .heads(heads).kvHeads(gpt2 ? heads : kvHeads).intermediateSize(intermediateSize).maxPositions(4096)
                    .ropeTheta(ropeTheta).ropeStyle(RopeStyle.HALF_SPLIT).tiedEmbeddings(gpt2 || tiedEmbeddings)
                    .bosId(bosId).eosIds(eosIds).padId(padId).build();
        }

        public String describe() {
            return String.format("random %s: d_model %d, %d layers, %d heads (%d kv), ffn %d, vocab %d%s, rope theta %.0f",
                    architecture.modelType(), hiddenSize, layers, heads, kvHeads, intermediateSize, vocabSize,
                    tiedEmbeddings ? " (tied)" : "", ropeTheta);
        }
    }

    /** A checkpoint, loaded as every command loads one; described by the name it was given by. */
    public static BenchmarkModel load(String model, Device device) {
        return load(model, device, null, FrozenDType.FP32);
    }

    /** As {@link #load(String, Device)}, with a LoRA adapter (null for none), frozen weights held in {@code frozen}. */
    public static BenchmarkModel load(String model, Device device, java.nio.file.Path adapter, FrozenDType frozen) {
        LanguageModel lm = ModelLoader.load(model, device, adapter, frozen);
        return new BenchmarkModel(lm.decoder(), lm::close, (adapter == null ? model : model + " + " + adapter)
                + heldAs(lm.decoder()), lm);
    }

    private static String heldAs(Decoder decoder) {
        FrozenDType held = decoder.weights().frozenDType();
        return held == FrozenDType.FP32 ? "" : ", frozen weights held in " + held.cliName();
    }

    /**
     * Attaches new rank-{@code r} adapters on every linear layer, B drawn like A rather than zero, so
     * a benchmark measures what a trained adapter costs.
     */
    public void attachRandomLora(int r) {
        LoraSettings settings = new LoraSettings(r, 16, 0, List.of(LoraSettings.ALL_LINEAR), false);
        LoraAdapters fresh = LoraAdapters.initialise(config(), settings, decoder.manager(), 1);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        for (LoraAdapters.Segment s : fresh.segments()) {
            float[] b = new float[Math.toIntExact(s.b().size())];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (rng.nextDouble() * 0.02 - 0.01);
            }
            s.b().set(b);
        }
        decoder.weights().attach(fresh);
        description = description + " + LoRA r " + r + " (all-linear)";
    }

    /** Random weights of {@code shape} (seed 1, so every run measures the same numbers). */
    public static BenchmarkModel random(Shape shape, Device device) {
        return random(shape, device, FrozenDType.FP32);
    }

    /** As {@link #random(Shape, Device)}, the matrices and embedding held in {@code frozen}. */
    public static BenchmarkModel random(Shape shape, Device device, FrozenDType frozen) {
        ModelConfig config = shape.config();
        NDManager manager = TorchRuntime.newManager(device);
        Decoder decoder = new Decoder(config, DecoderWeights.random(config, manager, 1, frozen), manager);
        return owning(decoder, shape.describe() + heldAs(decoder));
    }

    /**
     * The frozen reference of an update benchmark, as training builds it: with LoRA the base with the
     * adapters switched off (a view, nothing copied), else a float32 copy of the weights.
     */
    public BenchmarkModel reference() {
        if (decoder.weights().adapters().isPresent()) {
            Decoder base = decoder.withoutAdapters();
            return new BenchmarkModel(base, base::close, "base of " + description);
        }
        return frozenCopy();
    }

    /** A copy of the weights on a manager of its own: the frozen reference of an update benchmark. */
    public BenchmarkModel frozenCopy() {
        NDManager manager = TorchRuntime.newManager(decoder.manager().getDevice());
        DecoderWeights copy = DecoderWeights.fromArrays(config(), decoder.weights().toFloatArrays(), manager);
        return owning(new Decoder(config(), copy, manager), "copy of " + description);
    }

    private static BenchmarkModel owning(Decoder decoder, String description) {
        return new BenchmarkModel(decoder, () -> {
            decoder.close();
            decoder.manager().close();
        }, description);
    }

    public Decoder decoder() {
        return decoder;
    }

    public ModelConfig config() {
        return decoder.config();
    }

    /** The loaded checkpoint with its tokenizer; empty for random weights. */
    public Optional<LanguageModel> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /** The name the checkpoint was given by, or the random model's shape. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        release.run();
    }
}
