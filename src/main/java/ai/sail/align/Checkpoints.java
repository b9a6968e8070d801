package ai.sail.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.sail.io.SafetensorsFile;
import ai.sail.io.SafetensorsWriter;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.io.AtomicWrite;
import ai.sail.model.HfCheckpointWriter;
import ai.sail.model.LoraAdapters;
import ai.sail.model.LoraCheckpoint;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelConfig;
import ai.sail.model.ModelLoader;
import ai.sail.model.RopePermutation;
import ai.sail.model.RopeStyle;
import ai.sail.tensor.TorchRuntime;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's checkpoints: {@code checkpoint-<step>/} in Hugging Face layout (so the Python tools load the
 * policy as it was at that step; with LoRA, the adapter in PEFT's layout instead, {@link LoraCheckpoint}) plus {@code optimizer.safetensors} (AdamW moments),
 * {@code trainer_state.json} ({@link TrainerState}) and the run's configuration, written as one
 * directory that appears whole or not at all.
 */
public final class Checkpoints {
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "trainer_state.json";
    static final String CONFIG = "training_config.yaml";
    /** Iterative DPO with a refreshed reference: that reference's weights, in the decoder's own layout. */
    static final String REFERENCE = "reference.safetensors";
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {}

    public static Path directory(Path runDir, int step) {
        return runDir.resolve("checkpoint-" + step);
    }

    /**
     * Writes {@code checkpoint-<step>}. {@code refreshedReference} is the reference when it is no
     * longer the initial model (iterative DPO's refresh), else null: a resumed run needs it and cannot
     * rebuild it from anything else.
     */
    static void save(Path runDir, int step, LanguageModel policy, AdamW optimizer, TrainerState state, TrainConfig config,
            Decoder refreshedReference) {
        Map<String, SafetensorsWriter.Tensor> moments = new LinkedHashMap<>();
        Map<String, NDArray> params = policy.decoder().weights().trainable();
        optimizer.stateArrays().forEach((key, values) -> {
            String name = key.substring(key.indexOf('.') + 1);
            moments.put(key, new SafetensorsWriter.Tensor(params.get(name).getShape().getShape(), values));
        });
        Path target = directory(runDir, step);
        try {
            String stateJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state);
            Map<String, String> texts = Map.of(STATE, stateJson, CONFIG, config.toYaml());
            AtomicWrite.DirectoryContents training = dir -> {
                SafetensorsWriter.write(dir.resolve(OPTIMIZER), moments, Map.of("steps", Integer.toString(optimizer.steps())));
                if (refreshedReference != null) {
                    SafetensorsWriter.write(dir.resolve(REFERENCE), tensorsOf(refreshedReference), Map.of());
                }
            };
            Optional<LoraAdapters> lora = policy.decoder().weights().adapters();
            if (lora.isPresent()) {
                // A LoRA checkpoint is the adapter in PEFT's layout (the frozen model is --model itself).
                AtomicWrite.directory(target, dir -> {
                    LoraCheckpoint.writeInto(lora.get(), config.model(), dir);
                    for (Map.Entry<String, String> t : texts.entrySet()) {
                        AtomicWrite.newFile(dir.resolve(t.getKey()), t.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                    training.writeInto(dir);
                });
            } else {
                HfCheckpointWriter.save(policy, texts, training, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** The newest {@code checkpoint-N} of a run, or an error saying there is none. */
    public static Path latest(Path runDir) {
        try (Stream<Path> s = Files.isDirectory(runDir) ? Files.list(runDir) : Stream.empty()) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .max(Comparator.comparingInt(Checkpoints::stepOf))
                    .orElseThrow(() -> new IllegalArgumentException("resume: no checkpoint-N directory in " + runDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses a checkpoint that lacks what a resume needs, naming what is missing. */
    static void checkComplete(Path checkpoint) {
        if (!Files.isDirectory(checkpoint)) {
            throw new IllegalArgumentException("resume: no checkpoint directory '" + checkpoint + "'");
        }
        List<String> missing = new ArrayList<>();
        List<String> weights = LoraCheckpoint.isAdapter(checkpoint) ? List.of(LoraCheckpoint.WEIGHTS)
                : List.of("config.json", "model.safetensors");
        for (String name : java.util.stream.Stream.concat(Stream.of(STATE, OPTIMIZER, CONFIG), weights.stream()).toList()) {
            if (!Files.isRegularFile(checkpoint.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("resume: checkpoint " + checkpoint + " lacks " + String.join(", ", missing)
                    + "; it was not written by sail train or is incomplete (choose another checkpoint-N)");
        }
    }

    static int stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static TrainerState readState(Path checkpoint) {
        Path file = checkpoint.resolve(STATE);
        try {
            return JSON.readValue(file.toFile(), TrainerState.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("resume: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the checkpoint's weights into {@code policy} (bit for bit: a GGUF model's q/k rows are
     * permuted back to the order it was loaded in) and its moments into {@code optimizer}.
     */
    static void restoreWeights(Path checkpoint, LanguageModel policy, AdamW optimizer) {
        Optional<LoraAdapters> lora = policy.decoder().weights().adapters();
        if (lora.isPresent() != LoraCheckpoint.isAdapter(checkpoint)) {
            throw new IllegalArgumentException("resume: " + checkpoint + " holds " + (lora.isPresent() ? "a full model" : "a LoRA adapter")
                    + "; this run trains " + (lora.isPresent() ? "LoRA adapters" : "the full model") + " (check lora-r and adapter)");
        }
        Map<String, float[]> saved;
        if (lora.isPresent()) {
            try (NDManager scratch = TorchRuntime.newManager(ai.djl.Device.cpu());
                    LoraAdapters stored = LoraCheckpoint.read(checkpoint, policy.config(), scratch)) {
                saved = stored.toFloatArrays();
            }
        } else {
            saved = restoredModel(checkpoint, policy);
        }
        Map<String, NDArray> params = policy.decoder().weights().trainable();
        Map<String, Shape> shapes = new HashMap<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            float[] values = saved.get(e.getKey());
            if (values == null || values.length != e.getValue().size()) {
                throw new IllegalArgumentException("resume: " + checkpoint + " does not fit the model (tensor " + e.getKey() + ")");
            }
            e.getValue().set(values);
            shapes.put(e.getKey(), e.getValue().getShape());
        }
        Path file = checkpoint.resolve(OPTIMIZER);
        try (SafetensorsFile moments = SafetensorsFile.open(file)) {
            Map<String, float[]> arrays = new LinkedHashMap<>();
            for (String name : moments.names()) {
                arrays.put(name, moments.readFloats(name));
            }
            optimizer.restore(arrays, shapes, Integer.parseInt(moments.metadata().getOrDefault("steps", "0")));
        } catch (IOException e) {
            throw new IllegalArgumentException("resume: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A full checkpoint's weights, in the order the policy was loaded in (a GGUF model's q/k rows permuted back). */
    private static Map<String, float[]> restoredModel(Path checkpoint, LanguageModel policy) {
        Map<String, float[]> saved;
        try (LanguageModel stored = ModelLoader.load(checkpoint.toString(), ai.djl.Device.cpu())) {
            ModelConfig a = stored.config();
            ModelConfig b = policy.config();
            if (a.architecture() != b.architecture() || a.hiddenSize() != b.hiddenSize() || a.layers() != b.layers()
                    || a.vocabSize() != b.vocabSize() || a.heads() != b.heads() || a.kvHeads() != b.kvHeads()
                    || a.intermediateSize() != b.intermediateSize()) {
                throw new IllegalArgumentException("resume: " + checkpoint + " holds " + shape(a) + "; this run trains "
                        + shape(b) + " (" + b.architecture().modelType() + " from --model)");
            }
            saved = stored.decoder().weights().toFloatArrays();
        }
        if (policy.config().ropeStyle() == RopeStyle.ADJACENT) {
            saved = RopePermutation.halfSplitToAdjacent(policy.config(), saved);
        }
        return saved;
    }

    private static Map<String, SafetensorsWriter.Tensor> tensorsOf(Decoder decoder) {
        Map<String, SafetensorsWriter.Tensor> out = new LinkedHashMap<>();
        Map<String, NDArray> arrays = decoder.weights().all();
        decoder.weights().toFloatArrays().forEach((name, values) ->
                out.put(name, new SafetensorsWriter.Tensor(arrays.get(name).getShape().getShape(), values)));
        return out;
    }

    /**
     * The refreshed reference a checkpoint holds, as a frozen decoder on its own manager, or null when
     * the checkpoint has none (its run still trained against the initial reference).
     */
    static Decoder readReference(Path checkpoint, LanguageModel policy) {
        Path file = checkpoint.resolve(REFERENCE);
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        try (SafetensorsFile stored = SafetensorsFile.open(file)) {
            for (String name : stored.names()) {
                arrays.put(name, stored.readFloats(name));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("resume: cannot read " + file + ": " + e.getMessage(), e);
        }
        NDManager manager = TorchRuntime.newManager(policy.decoder().manager().getDevice());
        try {
            return new Decoder(policy.config(), DecoderWeights.fromArrays(policy.config(), arrays, manager), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw new IllegalArgumentException("resume: " + file + " does not fit the model: " + e.getMessage(), e);
        }
    }

    private static String shape(ModelConfig c) {
        return String.format("a %s model (hidden %d, %d layers, %d heads / %d kv, ffn %d, vocab %d)",
                c.architecture().modelType(), c.hiddenSize(), c.layers(), c.heads(), c.kvHeads(), c.intermediateSize(),
                c.vocabSize());
    }

    /** A frozen copy of the policy's current weights, on its own manager, for a reference model. */
    static Decoder frozenCopy(LanguageModel policy) {
        NDManager manager = TorchRuntime.newManager(policy.decoder().manager().getDevice());
        DecoderWeights copy = DecoderWeights.fromArrays(policy.config(), policy.decoder().weights().toFloatArrays(), manager);
        return new Decoder(policy.config(), copy, manager);
    }

}
