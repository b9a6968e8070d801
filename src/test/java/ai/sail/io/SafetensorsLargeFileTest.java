package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file over 2 GiB (past int offsets and single-buffer mappings) that costs no disk: a huge filler
 * tensor is a hole in a sparse file, and only the small tensor behind it is written.
 */
class SafetensorsLargeFileTest {

    private static final long FILLER_BYTES = 2_300_000_000L; // > 2^31

    @TempDir
    Path dir;

    @Test
    void readsATensorStoredPastTwoGibibytes() throws IOException {
        String json = "{\"filler\":{\"dtype\":\"U8\",\"shape\":[" + FILLER_BYTES + "],\"data_offsets\":[0," + FILLER_BYTES + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + FILLER_BYTES + "," + (FILLER_BYTES + 16) + "]}}";
        Path file = RawSafetensors.write(dir.resolve("large.safetensors"), json, new byte[0]); // header only
        long dataStart = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(dataStart + FILLER_BYTES); // everything before this stays a hole
            raf.write(RawSafetensors.floats(1.5f, -2f, 3.25f, 1e-3f));
        }
        assertThat(Files.size(file)).isGreaterThan(1L << 31);

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.names()).containsExactly("filler", "tail");
            assertThat(st.entry("tail").begin()).isGreaterThan(Integer.MAX_VALUE);
            assertThat(st.readFloats("tail")).containsExactly(1.5f, -2f, 3.25f, 1e-3f);
            assertThat(st.rawBytes("tail").getFloat(8)).isEqualTo(3.25f);
            assertThatThrownBy(() -> st.readFloats("filler")).hasMessageContaining("more than a Java array can hold");
            assertThatThrownBy(() -> st.rawBytes("filler")).hasMessageContaining("more than one ByteBuffer can hold");
        }
    }
}
