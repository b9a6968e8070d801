package ai.sail.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What reading one data file gave: the examples, how the file was laid out and which row format was
 * detected, how many invalid rows were skipped (only when skipping was asked for) with the first few
 * reasons, and warnings about valid but suspicious examples.
 *
 * @param skipReasons at most {@link #MAX_SKIP_REASONS} reasons, each starting with the row's origin
 */
public record ReadResult<E>(
        Path file,
        List<E> examples,
        FileLayout layout,
        RowFormat format,
        int skipped,
        List<String> skipReasons,
        List<String> warnings) {
    /** How many skip reasons are kept: enough to see the pattern, few enough to print. */
    public static final int MAX_SKIP_REASONS = 5;

    public ReadResult {
        Objects.requireNonNull(file, "file");
        examples = List.copyOf(examples);
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(format, "format");
        skipReasons = List.copyOf(skipReasons);
        warnings = List.copyOf(warnings);
        if (skipped < skipReasons.size() || skipReasons.size() > MAX_SKIP_REASONS) {
            throw new IllegalArgumentException("skipped " + skipped + " rows but " + skipReasons.size() + " reasons");
        }
    }

    /** One line for the log: {@code data.json: 299 examples (ShareGPT ..., JSON array), 2 invalid rows skipped}. */
    public String summary() {
        String layoutName = layout == FileLayout.JSON_ARRAY ? "JSON array" : "JSON Lines";
        return file.getFileName() + ": " + examples.size() + " examples (" + format.description() + ", " + layoutName
                + "), " + skipped + " invalid rows skipped";
    }
}
