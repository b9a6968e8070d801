package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file or a directory appears whole or not at all, and replacing one never loses the old one to a failure. */
class AtomicWriteTest {
    @TempDir
    Path parent;

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static AtomicWrite.DirectoryContents file(String name, String text) {
        return dir -> AtomicWrite.newFile(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createsTheDirectoryWithItsContentsAndNothingElse() throws Exception {
        Path target = parent.resolve("nested").resolve("ckpt");
        AtomicWrite.directory(target, file("a.txt", "one"));
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("one");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertThat(s.toList()).containsExactly(target);
        }
    }

    @Test
    void replacesAnExistingDirectoryWhole() throws Exception {
        Path target = parent.resolve("ckpt");
        AtomicWrite.directory(target, dir -> {
            file("a.txt", "old").writeInto(dir);
            file("stale.txt", "gone").writeInto(dir);
        });
        AtomicWrite.directory(target, file("a.txt", "new"));
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("new");
        assertThat(target.resolve("stale.txt")).doesNotExist();
        assertThat(entries()).containsExactly("ckpt");
    }

    @Test
    void aFailureLeavesNoTraceAndTheOldDirectoryAsItWas() throws Exception {
        Path target = parent.resolve("ckpt");
        AtomicWrite.DirectoryContents failing = dir -> {
            file("half.txt", "written").writeInto(dir);
            throw new IOException("disk full");
        };
        assertThatThrownBy(() -> AtomicWrite.directory(target, failing)).hasMessage("disk full");
        assertThat(entries()).isEmpty();

        AtomicWrite.directory(target, file("a.txt", "old"));
        assertThatThrownBy(() -> AtomicWrite.directory(target, failing)).hasMessage("disk full");
        assertThat(entries()).containsExactly("ckpt");
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("old");
        assertThat(target.resolve("half.txt")).doesNotExist();
    }

    @Test
    void refusesToReplaceAFile() throws Exception {
        Path target = Files.writeString(parent.resolve("ckpt"), "a file");
        assertThatThrownBy(() -> AtomicWrite.directory(target, file("a.txt", "x")))
                .hasMessageContaining("not a directory");
        assertThat(entries()).containsExactly("ckpt");
    }

    @Test
    void aFileIsCreatedWithItsParentsAndReplacedWhole() throws Exception {
        Path target = parent.resolve("nested").resolve("report.html");
        AtomicWrite.file(target, "first, and longer");
        AtomicWrite.file(target, "second ☃");
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("second ☃");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertThat(s.toList()).containsExactly(target);
        }
    }

    @Test
    void aFailedFileWriteLeavesNoTraceAndTheOldFileAsItWas() throws Exception {
        Path target = parent.resolve("model.safetensors");
        AtomicWrite.FileContents failing = out -> {
            out.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        };
        assertThatThrownBy(() -> AtomicWrite.file(target, failing)).hasMessage("disk full");
        assertThat(entries()).isEmpty();

        AtomicWrite.file(target, new byte[] {9});
        assertThatThrownBy(() -> AtomicWrite.file(target, failing)).hasMessage("disk full");
        assertThat(entries()).containsExactly("model.safetensors");
        assertThat(Files.readAllBytes(target)).containsExactly(9);
    }
}
