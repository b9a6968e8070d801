package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedSafetensorsTest {

    private static final String SHARD_1 = "model-00001-of-00002.safetensors";
    private static final String SHARD_2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path dir;

    @BeforeEach
    void writeTwoShards() throws IOException {
        Map<String, SafetensorsWriter.Tensor> first = new LinkedHashMap<>();
        first.put("model.embed.weight", new SafetensorsWriter.Tensor(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        first.put("model.layers.0.w", new SafetensorsWriter.Tensor(new long[] {3}, new float[] {5, 6, 7}, SafetensorsDType.BF16));
        SafetensorsWriter.write(dir.resolve(SHARD_1), first, Map.of("format", "pt"));
        SafetensorsWriter.write(dir.resolve(SHARD_2), Map.of(
                "lm_head.weight", new SafetensorsWriter.Tensor(new long[] {2}, new float[] {8, 9}, SafetensorsDType.F16)),
                Map.of("format", "pt"));
    }

    private Path writeIndex(String weightMapJson) throws IOException {
        Path index = dir.resolve(ShardedSafetensors.INDEX_FILE_NAME);
        Files.writeString(index, "{\"metadata\":{\"total_size\":34},\"weight_map\":{" + weightMapJson + "}}");
        return index;
    }

    private Path writeGoodIndex() throws IOException {
        return writeIndex("\"lm_head.weight\":\"" + SHARD_2 + "\",\"model.embed.weight\":\"" + SHARD_1
                + "\",\"model.layers.0.w\":\"" + SHARD_1 + "\"");
    }

    @Test
    void readsThroughTheIndex() throws IOException {
        writeGoodIndex();
        try (TensorSource source = SafetensorsCheckpoint.open(dir)) {
            assertThat(source).isInstanceOf(ShardedSafetensors.class);
            assertThat(source.names()).containsExactly("model.embed.weight", "model.layers.0.w", "lm_head.weight");
            assertThat(source.contains("lm_head.weight")).isTrue();
            assertThat(source.contains("missing")).isFalse();
            assertThat(source.shape("model.embed.weight")).containsExactly(2, 2);
            assertThat(source.dtypeName("model.layers.0.w")).isEqualTo("BF16");
            assertThat(source.readFloats("model.embed.weight")).containsExactly(1, 2, 3, 4);
            assertThat(source.readFloats("model.layers.0.w")).containsExactly(5, 6, 7);
            assertThat(source.readFloats("lm_head.weight")).containsExactly(8, 9);
            ShardedSafetensors sharded = (ShardedSafetensors) source;
            assertThat(sharded.shardFiles()).extracting(p -> p.getFileName().toString()).containsExactly(SHARD_1, SHARD_2);
            assertThat(sharded.rawBytes("lm_head.weight").getShort(0)).isEqualTo((short) 0x4800); // 8.0 as half
            assertThatThrownBy(() -> source.readFloats("missing"))
                    .hasMessageContaining(ShardedSafetensors.INDEX_FILE_NAME).hasMessageContaining("'missing'");
        }
    }

    @Test
    void missingShardIsNamed() throws IOException {
        Path index = writeIndex("\"model.embed.weight\":\"" + SHARD_1 + "\",\"b\":\"model-00003-of-00003.safetensors\"");
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining(ShardedSafetensors.INDEX_FILE_NAME)
                .hasMessageContaining("shard 'model-00003-of-00003.safetensors'")
                .hasMessageContaining("does not exist");
    }

    @Test
    void tensorAbsentFromItsShardIsNamed() throws IOException {
        Path index = writeIndex("\"model.embed.weight\":\"" + SHARD_2 + "\"");
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("tensor 'model.embed.weight'")
                .hasMessageContaining("places it in shard '" + SHARD_2 + "' but that shard has no such tensor");
    }

    @Test
    void shardOutsideTheFolderIsRefused() throws IOException {
        Path index = writeIndex("\"a\":\"../elsewhere.safetensors\"");
        assertThatThrownBy(() -> ShardedSafetensors.open(index))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("not a plain file name");
    }

    @Test
    void malformedIndex() throws IOException {
        Path index = dir.resolve(ShardedSafetensors.INDEX_FILE_NAME);
        Files.writeString(index, "{\"metadata\":{}}");
        assertThatThrownBy(() -> ShardedSafetensors.open(index)).hasMessageContaining("no 'weight_map' object");
        Files.writeString(index, "{\"weight_map\":");
        assertThatThrownBy(() -> ShardedSafetensors.open(index)).hasMessageContaining("index is not valid JSON");
    }
}
