package ai.sail.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small hand-made data files for tests. Rows are written with single quotes for readability
 * ({@code {'prompt': 'Hi'}}) and turned into JSON's double quotes, so row text must not need a quote of
 * its own.
 */
final class DataFiles {
    private DataFiles() {}

    /** A JSON Lines file, one row per argument (an empty argument makes a blank line). */
    static Path jsonLines(Path dir, String name, String... rows) {
        return write(dir.resolve(name), String.join("\n", rows).replace('\'', '"') + "\n");
    }

    /** A JSON array file holding the rows, one per line. */
    static Path jsonArray(Path dir, String name, String... rows) {
        return write(dir.resolve(name), ("[\n" + String.join(",\n", rows) + "\n]\n").replace('\'', '"'));
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
