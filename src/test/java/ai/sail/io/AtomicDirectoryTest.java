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

/** A directory appears whole or not at all, and replacing one never loses the old one to a failure. */
class AtomicDirectoryTest {
    @TempDir
    Path parent;

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static AtomicDirectory.Contents file(String name, String text) {
        return dir -> AtomicDirectory.writeFile(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createsTheDirectoryWithItsContentsAndNothingElse() throws Exception {
        Path target = parent.resolve("nested").resolve("ckpt");
        AtomicDirectory.write(target, file("a.txt", "one"));
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("one");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertThat(s.toList()).containsExactly(target);
        }
    }

    @Test
    void replacesAnExistingDirectoryWhole() throws Exception {
        Path target = parent.resolve("ckpt");
        AtomicDirectory.write(target, dir -> {
            file("a.txt", "old").writeInto(dir);
            file("stale.txt", "gone").writeInto(dir);
        });
        AtomicDirectory.write(target, file("a.txt", "new"));
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("new");
        assertThat(target.resolve("stale.txt")).doesNotExist();
        assertThat(entries()).containsExactly("ckpt");
    }

    @Test
    void aFailureLeavesNoTraceAndTheOldDirectoryAsItWas() throws Exception {
        Path target = parent.resolve("ckpt");
        AtomicDirectory.Contents failing = dir -> {
            file("half.txt", "written").writeInto(dir);
            throw new IOException("disk full");
        };
        assertThatThrownBy(() -> AtomicDirectory.write(target, failing)).hasMessage("disk full");
        assertThat(entries()).isEmpty();

        AtomicDirectory.write(target, file("a.txt", "old"));
        assertThatThrownBy(() -> AtomicDirectory.write(target, failing)).hasMessage("disk full");
        assertThat(entries()).containsExactly("ckpt");
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("old");
        assertThat(target.resolve("half.txt")).doesNotExist();
    }

    @Test
    void refusesToReplaceAFile() throws Exception {
        Path target = Files.writeString(parent.resolve("ckpt"), "a file");
        assertThatThrownBy(() -> AtomicDirectory.write(target, file("a.txt", "x")))
                .hasMessageContaining("not a directory");
        assertThat(entries()).containsExactly("ckpt");
    }
}
