package ai.sail.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names what a path is when it is neither a regular file nor a directory, for messages: "/dev/null
 * does not exist" is false and sends the user looking in the wrong place, and reading a named pipe
 * as a checkpoint would wait forever.
 */
public final class FileKind {
    private FileKind() {}

    /** True for a path that exists (following links) but is neither a regular file nor a directory. */
    public static boolean isSpecial(Path path) {
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
    }

    /**
     * "a character device", "a named pipe (FIFO)", ... for a special file; "a special file (neither a
     * regular file nor a directory)" where the platform does not say which.
     */
    public static String describe(Path path) {
        try {
            // The file-type bits of st_mode, as stat(2) defines them; Linux and macOS report unix:mode.
            int type = ((Integer) Files.getAttribute(path, "unix:mode")) & 0170000;
            String kind = switch (type) {
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0010000 -> "a named pipe (FIFO)";
                case 0140000 -> "a socket";
                default -> null;
            };
            if (kind != null) {
                return kind;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // No unix view here: fall back to the general description.
        }
        return "a special file (neither a regular file nor a directory)";
    }
}
