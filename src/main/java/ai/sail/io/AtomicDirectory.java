package ai.sail.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a directory whole or not at all. A trainer saves a checkpoint every few steps, and a crash, a
 * full disk or a bug in the middle of one must never leave a half-written checkpoint under the real
 * name, nor lose the previous one.
 *
 * <p>The contents are written into a sibling {@code NAME.tmp-RANDOM}, each file flushed to disk, and
 * that directory is then renamed to {@code NAME} in one step. A directory cannot be renamed over a
 * non-empty one, so an existing {@code NAME} is first renamed aside to {@code NAME.old-RANDOM} and
 * deleted only once the new one is in place. A crash between those two renames leaves no {@code NAME}
 * but both complete versions beside it; at no moment does {@code NAME} hold a partial checkpoint.
 * On failure the temporary directory is deleted and an existing {@code NAME} is left as it was.
 */
public final class AtomicDirectory {
    private AtomicDirectory() {}

    /** What goes into the directory; it is handed an empty directory to fill. */
    @FunctionalInterface
    public interface Contents {
        void writeInto(Path dir) throws IOException;
    }

    /** Writes {@code dir} with {@code contents}, replacing an existing directory of that name. */
    public static void write(Path dir, Contents contents) throws IOException {
        Objects.requireNonNull(contents, "contents");
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("cannot replace a file system root: " + dir);
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException(dir + " exists and is not a directory");
        }
        Files.createDirectories(parent);
        Path temp = sibling(target, "tmp");
        Files.createDirectory(temp);
        try {
            contents.writeInto(temp);
            install(temp, target);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
        syncDirectory(parent);
    }

    /** Writes {@code bytes} to a new {@code file} and flushes them to disk before returning. */
    public static void writeFile(Path file, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    private static void install(Path temp, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = sibling(target, "old");
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        deleteRecursively(old);
    }

    private static Path sibling(Path target, String kind) {
        return target.resolveSibling(target.getFileName() + "." + kind + "-" + UUID.randomUUID());
    }

    private static void deleteQuietly(Path dir, Throwable cause) {
        try {
            deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Makes the renames themselves durable. Linux allows flushing a directory; where the platform
     * refuses to open one (Windows), there is nothing more a program can do, so that refusal is ignored.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported on this platform; the renames are still atomic, only their durability is up to the OS
        }
    }
}
