package ai.sail.cli;

import ai.sail.config.Choice;
import ai.sail.generate.DecodePath;
import picocli.CommandLine.Option;

/** {@code --decode-path}: shared by generate and bench generate, so both compare the paths the same way. */
final class DecodePathOption {
    @Option(names = "--decode-path", defaultValue = "auto", paramLabel = "auto|torch|java",
            description = "Where the forward passes of generation run: libtorch (torch), the plain-Java kernel for small"
                    + " models (java), or the faster of the two for the model and batch (default: ${DEFAULT-VALUE}).")
    String value;

    DecodePath parse() {
        return Choice.parse(DecodePath.class, value, "--decode-path");
    }
}
