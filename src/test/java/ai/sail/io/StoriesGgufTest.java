package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real stories260K model converted by llama.cpp (see the shared fixture README). */
class StoriesGgufTest {
    private static final String MODEL = "models/stories260K/stories260K.gguf";

    @Test
    void metadataDescribesTheModel() throws Exception {
        try (GgufFile gguf = GgufFile.open(Fixtures.require(MODEL))) {
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(gguf.alignment()).isEqualTo(32);
            assertThat(gguf.getString("general.architecture")).isEqualTo("llama");
            assertThat(gguf.getLong("llama.embedding_length")).isEqualTo(64);
            assertThat(gguf.getLong("llama.block_count")).isEqualTo(5);
            assertThat(gguf.getLong("llama.attention.head_count")).isEqualTo(8);
            assertThat(gguf.getLong("llama.attention.head_count_kv")).isEqualTo(4);
            assertThat(gguf.getLong("llama.feed_forward_length")).isEqualTo(172);
            assertThat(gguf.getLong("llama.context_length")).isEqualTo(2048);
            assertThat((float) gguf.getDouble("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
            assertThat(gguf.getList("tokenizer.ggml.tokens")).hasSize(512).startsWith("<unk>", "<s>", "</s>");
            assertThat(gguf.getList("tokenizer.ggml.scores")).hasSize(512);
            // Stored as UINT32 0xFFFFFFFF, llama.cpp's "no such token".
            assertThat(gguf.getLong("tokenizer.ggml.padding_token_id")).isEqualTo(0xFFFF_FFFFL);
            assertThat(gguf.metadata().keySet()).startsWith("tokenizer.ggml.tokens", "tokenizer.ggml.scores");
        }
    }

    @Test
    void tensorsAreListedInFileOrderWithPyTorchShapes() throws Exception {
        try (GgufFile gguf = GgufFile.open(Fixtures.require(MODEL))) {
            List<String> names = gguf.names();
            assertThat(names).hasSize(3 + 5 * 9);
            assertThat(names).startsWith("token_embd.weight", "output_norm.weight", "output.weight", "blk.0.attn_q.weight");
            assertThat(gguf.shape("token_embd.weight")).containsExactly(512, 64);
            assertThat(gguf.tensor("token_embd.weight").dims()).containsExactly(64, 512);
            assertThat(gguf.shape("blk.0.attn_k.weight")).containsExactly(32, 64);
            assertThat(gguf.shape("blk.0.ffn_down.weight")).containsExactly(64, 172);
            assertThat(gguf.shape("output_norm.weight")).containsExactly(64);
            assertThat(gguf.dtypeName("token_embd.weight")).isEqualTo("F32");
            assertThat(gguf.contains("blk.4.ffn_norm.weight")).isTrue();
            assertThat(gguf.contains("blk.5.ffn_norm.weight")).isFalse();
        }
    }

    /** Checks the mapped read against bytes read the plain way, at the offset the header implies. */
    @Test
    void readFloatsMatchesTheRawBytes() throws Exception {
        Path file = Fixtures.require(MODEL);
        byte[] raw = Files.readAllBytes(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            GgufTensorInfo info = gguf.tensor("blk.2.attn_v.weight");
            float[] values = gguf.readFloats("blk.2.attn_v.weight");
            assertThat(values).hasSize(64 * 32);
            ByteBuffer expected = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int start = (int) (gguf.dataStart() + info.offset());
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).isEqualTo(expected.getFloat(start + 4 * i));
            }
            // The last tensor ends exactly at the end of the file.
            GgufTensorInfo last = gguf.tensors().get(gguf.tensors().size() - 1);
            assertThat(gguf.dataStart() + last.offset() + last.byteSize()).isEqualTo(raw.length);
        }
    }

    @Test
    void outputWeightIsStoredAsACopyOfTheEmbedding() throws Exception {
        try (GgufFile gguf = GgufFile.open(Fixtures.require(MODEL))) {
            assertThat(gguf.readFloats("output.weight")).containsExactly(gguf.readFloats("token_embd.weight"));
        }
    }
}
