package ai.sail.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a file or a directory whole or not at all, the one way Sail replaces what it writes: the
 * contents go to a temporary sibling, are flushed to disk, and the sibling is renamed to the real name
 * in one step. A trainer saving a checkpoint, a writer saving a safetensors file or a demo writing its
 * report can be killed, run out of disk or hit a bug at any moment; a reader then finds the previous
 * version (or none), never half of the new one.
 *
 * <p>A file is written to a hidden {@code .NAME.tmp-RANDOM} and renamed over {@code NAME}. Where the
 * file system cannot rename atomically, it is moved over {@code NAME} as well as the platform allows.
 * The temporary file gets the default permissions (not the owner-only ones of
 * {@code Files.createTempFile}), so the result is as readable as any other file the user writes.
 *
 * <p>A directory is filled in a sibling {@code NAME.tmp-RANDOM}, each file flushed to disk
 * ({@link #newFile}), and renamed to {@code NAME}. A directory cannot be renamed over a non-empty one,
 * so an existing {@code NAME} is first renamed aside to {@code NAME.old-RANDOM} and deleted only once
 * the new one is in place. A crash between those two renames leaves no {@code NAME} but both complete
 * versions beside it; at no moment does {@code NAME} hold a partial directory.
 *
 * <p>On failure the temporary file or directory is deleted and an existing {@code NAME} is left as it
 * was. Missing parent directories are created.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** What goes into a file: written to {@code out}, which is flushed to disk once this returns. */
    @FunctionalInterface
    public interface FileContents {
        void writeTo(FileChannel out) throws IOException;
    }

    /** What goes into a directory: it is handed an empty directory to fill. */
    @FunctionalInterface
    public interface DirectoryContents {
        void writeInto(Path dir) throws IOException;
    }

    /** Replaces {@code file} with {@code text} as UTF-8. */
    public static void file(Path file, String text) throws IOException {
        file(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code file} with {@code bytes}. */
    public static void file(Path file, byte[] bytes) throws IOException {
        file(file, out -> writeFully(out, bytes));
    }

    /** Replaces {@code file} with what {@code contents} writes. */
    public static void file(Path file, FileContents contents) throws IOException {
        Objects.requireNonNull(contents, "contents");
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                contents.writeTo(out);
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Writes {@code dir} with {@code contents}, replacing an existing directory of that name. */
    public static void directory(Path dir, DirectoryContents contents) throws IOException {
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

    /**
     * Writes {@code bytes} to a new {@code file} and flushes them to disk before returning: for the files
     * of a directory that {@link #directory} is filling, so that the rename which puts the directory in
     * place puts complete files in place. Fails if {@code file} exists.
     */
    public static void newFile(Path file, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(out, bytes);
            out.force(true);
        }
    }

    private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
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
