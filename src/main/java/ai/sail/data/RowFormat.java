package ai.sail.data;

/**
 * The shape of a data file's rows, detected from the first valid row and then required of every row,
 * so a file that mixes shapes fails at the first row that breaks the pattern rather than being read
 * half one way and half another.
 */
public sealed interface RowFormat permits PreferenceFormat, PromptFormat {
    /** The fields this format reads, for logs and error messages. */
    String description();
}
