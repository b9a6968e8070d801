package ai.sail.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds the weights of a Hugging Face style model folder and opens them: {@code model.safetensors},
 * or a sharded checkpoint through {@code model.safetensors.index.json}.
 *
 * <p>Pickle checkpoints ({@code pytorch_model.bin}, {@code *.pt}, {@code *.pth}, {@code *.bin},
 * {@code *.ckpt}) are refused, never deserialised: unpickling runs whatever code the file contains.
 * The refusal says how to convert the checkpoint to safetensors.
 */
public final class SafetensorsCheckpoint {
    private SafetensorsCheckpoint() {}

    /** The single-file weights name Hugging Face uses. */
    public static final String SINGLE_FILE_NAME = "model.safetensors";

    private static final List<String> PICKLE_SUFFIXES = List.of(".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle");

    /**
     * Opens the weights at {@code location}: a model folder (holding {@code model.safetensors} or
     * {@code model.safetensors.index.json}), a {@code .safetensors} file or an index file. Throws
     * {@link IllegalArgumentException} if there are no safetensors weights, with a specific refusal
     * if only pickle checkpoints are there.
     */
    public static TensorSource open(Path location) throws IOException {
        if (Files.isRegularFile(location)) {
            return openFile(location);
        }
        if (FileKind.isSpecial(location)) {
            throw new IllegalArgumentException(location + " is " + FileKind.describe(location)
                    + ", not model weights: expected a .safetensors file, an index file or a model folder");
        }
        if (!Files.isDirectory(location)) {
            throw new IllegalArgumentException(location + " does not exist");
        }
        Path single = location.resolve(SINGLE_FILE_NAME);
        if (Files.isRegularFile(single)) {
            return SafetensorsFile.open(single);
        }
        Path index = location.resolve(ShardedSafetensors.INDEX_FILE_NAME);
        if (Files.isRegularFile(index)) {
            return ShardedSafetensors.open(index);
        }
        List<String> pickles = pickleFilesIn(location);
        if (!pickles.isEmpty()) {
            throw refusal(location, pickles);
        }
        throw new IllegalArgumentException(location + " holds neither " + SINGLE_FILE_NAME + " nor "
                + ShardedSafetensors.INDEX_FILE_NAME + ": no model weights found");
    }

    private static TensorSource openFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".index.json")) {
            return ShardedSafetensors.open(file);
        }
        if (isPickleName(name)) {
            throw refusal(file, List.of(name));
        }
        return SafetensorsFile.open(file);
    }

    /** The names of the pickle checkpoint files directly in {@code folder}, sorted. */
    public static List<String> pickleFilesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(SafetensorsCheckpoint::isPickleName)
                    .sorted()
                    .toList();
        }
    }

    private static boolean isPickleName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return PICKLE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static IllegalArgumentException refusal(Path location, List<String> pickles) {
        return new IllegalArgumentException(location + " has only pickle checkpoint files (" + String.join(", ", pickles)
                + "), which Sail refuses: loading a pickle can run arbitrary code, so they are never deserialised. "
                + "Convert the checkpoint to safetensors first, for example in Python with transformers: "
                + "AutoModelForCausalLM.from_pretrained(folder).save_pretrained(out_folder, safe_serialization=True), "
                + "or with the safetensors library: "
                + "safetensors.torch.save_file(torch.load(file, weights_only=True), \"model.safetensors\").");
    }
}
