package ai.sail.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.tensor.TorchRuntime;
import java.util.List;

/**
 * The model a benchmark measures: a loaded checkpoint, or random weights of a given shape, which needs
 * no files. Closing it frees the weights (and, for a checkpoint, its tokenizer).
 */
public final class BenchmarkModel implements AutoCloseable {
    private final Decoder decoder;
    private final Runnable release;
    private String description;

    private BenchmarkModel(Decoder decoder, Runnable release, String description) {
        this.decoder = decoder;
        this.release = release;
        this.description = description;
    }

    /**
     * The shape of a random-weight model. Rotary positions pair coordinates as Hugging Face
     * checkpoints do; GPT-2 has no grouped keys and values, so its key/value heads are its heads.
     */
    public record Shape(Architecture architecture, int hiddenSize, int layers, int heads, int kvHeads,
            int intermediateSize, int vocabSize) {

        public Shape {
            if (hiddenSize % heads != 0) {
                throw new IllegalArgumentException("--d-model must be a multiple of --heads");
            }
        }

        ModelConfig config() {
            boolean gpt2 = architecture == Architecture.GPT2;
            return ModelConfig.builder(architecture).vocabSize(vocabSize).hiddenSize(hiddenSize).layers(layers)
                    .heads(heads).kvHeads(gpt2 ? heads : kvHeads).intermediateSize(intermediateSize).maxPositions(4096)
                    .ropeTheta(10000.0).ropeStyle(RopeStyle.HALF_SPLIT).tiedEmbeddings(gpt2)
                    .bosId(1).eosIds(List.of(2)).build();
        }

        String describe() {
            return String.format("random %s: d_model %d, %d layers, %d heads (%d kv), ffn %d, vocab %d",
                    architecture.modelType(), hiddenSize, layers, heads, kvHeads, intermediateSize, vocabSize);
        }
    }

    /** A checkpoint, loaded as every command loads one; described by the name it was given by. */
    public static BenchmarkModel load(String model, Device device) {
        return load(model, device, null);
    }

    /** As {@link #load(String, Device)}, with a LoRA adapter (null for none). */
    public static BenchmarkModel load(String model, Device device, java.nio.file.Path adapter) {
        LanguageModel lm = ModelLoader.load(model, device, adapter);
        return new BenchmarkModel(lm.decoder(), lm::close, adapter == null ? model : model + " + " + adapter);
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
        ModelConfig config = shape.config();
        NDManager manager = TorchRuntime.newManager(device);
        return owning(new Decoder(config, DecoderWeights.random(config, manager, 1), manager), shape.describe());
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

    /** The name the checkpoint was given by, or the random model's shape. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        release.run();
    }
}
