package ai.sail.io;

import java.nio.file.Path;

/**
 * A safetensors file (or a sharded checkpoint's index) that breaks the format. The message always
 * names the file, and the tensor when one is at fault, so that a user can tell which of a dozen shards
 * is damaged without a debugger.
 */
public class SafetensorsFormatException extends IllegalArgumentException {

    /** A problem with the file as a whole (header, length, JSON). */
    public SafetensorsFormatException(Path file, String detail) {
        super(file + ": " + detail);
    }

    /** A problem with one tensor's entry. */
    public SafetensorsFormatException(Path file, String tensor, String detail) {
        super(file + ": tensor '" + tensor + "': " + detail);
    }
}
