package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.io.GgufFile;
import ai.sail.io.GgufTestWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The width must split evenly among the heads (unless head_dim says how wide they are), and the
 * key/value heads must divide the query heads: otherwise the config loads and every number after it is
 * wrong. Each refusal names the file, the fields and their values.
 */
class HeadSplitTest {
    @TempDir
    Path dir;

    private Path config(String fields) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"vocab_size\": 50,"
                + " \"num_hidden_layers\": 1, \"intermediate_size\": 24, " + fields + "}");
        return dir.resolve("config.json");
    }

    @Test
    void aWidthThatTheHeadsDoNotSplitIsRefused() throws Exception {
        Path file = config("\"hidden_size\": 30, \"num_attention_heads\": 4");

        assertThatThrownBy(() -> HfConfigReader.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": hidden_size 30 is not divisible by num_attention_heads 4, so the heads cannot"
                        + " split the width evenly; set head_dim if the checkpoint's heads have another width");
    }

    @Test
    void anExplicitHeadDimIsTakenAsItIs() throws Exception {
        config("\"hidden_size\": 30, \"num_attention_heads\": 4, \"head_dim\": 8");

        ModelConfig c = HfConfigReader.read(dir);

        assertThat(c.headDim()).isEqualTo(8);
        assertThat(c.heads()).isEqualTo(4);
    }

    @Test
    void keyValueHeadsMustDivideTheQueryHeads() throws Exception {
        Path file = config("\"hidden_size\": 48, \"num_attention_heads\": 6, \"num_key_value_heads\": 4");

        assertThatThrownBy(() -> HfConfigReader.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": num_attention_heads 6 is not a multiple of num_key_value_heads 4"
                        + " (each key/value head serves a whole group of query heads)");
    }

    @Test
    void zeroHeadsIsAnErrorNotADivisionByZero() throws Exception {
        Path file = config("\"hidden_size\": 32, \"num_attention_heads\": 0");

        assertThatThrownBy(() -> HfConfigReader.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": field num_attention_heads must be > 0, got 0");
    }

    @Test
    void gpt2NamesItsOwnFields() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\", \"vocab_size\": 50, \"n_layer\": 1,"
                + " \"n_embd\": 30, \"n_head\": 4}");

        assertThatThrownBy(() -> HfConfigReader.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("config.json") + ": n_embd 30 is not divisible by n_head 4, so the heads"
                        + " cannot split the width evenly");
    }

    @Test
    void ggufMetadataIsCheckedTheSameWay() throws Exception {
        Path file = new GgufTestWriter()
                .string("general.architecture", "llama")
                .u32("llama.embedding_length", 30)
                .u32("llama.attention.head_count", 4)
                .u32("llama.block_count", 1)
                .u32("llama.feed_forward_length", 24)
                .u32("llama.vocab_size", 50)
                .write(dir.resolve("m.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertThatThrownBy(() -> GgufConfigReader.read(gguf))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + ": llama.embedding_length 30 is not divisible by llama.attention.head_count 4,"
                            + " so the heads cannot split the width evenly");
        }
    }
}
