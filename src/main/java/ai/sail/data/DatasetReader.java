package ai.sail.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads preference pairs and prompts from JSON Lines files or JSON arrays, detecting the row format of
 * each file from its first valid row (see the package documentation for the rules).
 *
 * <p>By default the first invalid row stops the read with an {@link IllegalArgumentException} naming
 * the file, the line (or array index), the field and what was expected. With {@code skipInvalid} such
 * rows are skipped and counted in the {@link ReadResult}; a syntax error inside a JSON array still stops
 * the read, as nothing after it can be located.
 */
public final class DatasetReader {
    private final ColumnMapping columns;
    private final boolean skipInvalid;

    public DatasetReader(ColumnMapping columns, boolean skipInvalid) {
        this.columns = Objects.requireNonNull(columns, "columns");
        this.skipInvalid = skipInvalid;
    }

    /** Default column names; the first invalid row is an error. */
    public static DatasetReader strict() {
        return new DatasetReader(ColumnMapping.DEFAULT, false);
    }

    public ReadResult<PreferenceExample> preferences(Path file) {
        return new ExampleFileReader<>(new PreferenceRowParser(columns), skipInvalid).read(file);
    }

    public ReadResult<PromptExample> prompts(Path file) {
        return new ExampleFileReader<>(new PromptRowParser(columns), skipInvalid).read(file);
    }
}
