package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCheckpointTest {

    @TempDir
    Path dir;

    private void writeSingle(Path file) throws IOException {
        SafetensorsWriter.write(file, Map.of("w", new SafetensorsWriter.Tensor(new long[] {1}, new float[] {7f})), Map.of());
    }

    @Test
    void opensModelSafetensorsInAFolderOrAFileDirectly() throws IOException {
        writeSingle(dir.resolve("model.safetensors"));
        try (TensorSource source = SafetensorsCheckpoint.open(dir)) {
            assertThat(source).isInstanceOf(SafetensorsFile.class);
            assertThat(source.readFloats("w")).containsExactly(7f);
        }
        Path other = dir.resolve("adapter.safetensors");
        writeSingle(other);
        try (TensorSource source = SafetensorsCheckpoint.open(other)) {
            assertThat(source.names()).containsExactly("w");
        }
    }

    @Test
    void pickleCheckpointsAreRefusedWithAWayOut() throws IOException {
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2, 'c', 'o', 's'});
        Files.write(dir.resolve("optimizer.pt"), new byte[] {1});
        Files.writeString(dir.resolve("config.json"), "{}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer.pt, pytorch_model.bin")
                .hasMessageContaining("pickle")
                .hasMessageContaining("refuses")
                .hasMessageContaining("never deserialised")
                .hasMessageContaining("run arbitrary code")
                .hasMessageContaining("save_pretrained(out_folder, safe_serialization=True)")
                .hasMessageContaining("safetensors.torch.save_file");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir.resolve("optimizer.pt")))
                .hasMessageContaining("optimizer.pt")
                .hasMessageContaining("pickle");
    }

    @Test
    void safetensorsWinsOverPickleBesideIt() throws IOException {
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {1});
        writeSingle(dir.resolve("model.safetensors"));
        try (TensorSource source = SafetensorsCheckpoint.open(dir)) {
            assertThat(source.names()).containsExactly("w");
        }
    }

    @Test
    void folderWithoutWeights() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).hasMessageContaining("no model weights found");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir.resolve("absent"))).hasMessageContaining("does not exist");
    }

    @Test
    void aDeviceFileIsNamedForWhatItIsNotAsMissing() {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull), "needs /dev/null");

        assertThatThrownBy(() -> SafetensorsCheckpoint.open(devNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/dev/null is a character device, not model weights: expected a .safetensors file, an"
                        + " index file or a model folder");
        assertThat(FileKind.isSpecial(devNull)).isTrue();
        assertThat(FileKind.isSpecial(dir)).isFalse();
        assertThat(FileKind.isSpecial(dir.resolve("absent"))).isFalse();
    }
}
