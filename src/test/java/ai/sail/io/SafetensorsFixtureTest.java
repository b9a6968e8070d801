package ai.sail.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.sail.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a checkpoint written by the Python safetensors library (hf-internal-testing/tiny-random-gpt2). */
class SafetensorsFixtureTest {

    private static final String GPT2 = "models/tiny-random-gpt2/model.safetensors";

    @TempDir
    Path dir;

    @Test
    void readsTheGpt2Checkpoint() throws IOException {
        try (SafetensorsFile st = SafetensorsFile.open(Fixtures.require(GPT2))) {
            assertThat(st.names()).hasSize(64);
            assertThat(st.names().get(0)).isEqualTo("transformer.h.0.attn.c_attn.bias");
            assertThat(st.names().get(63)).isEqualTo("transformer.wte.weight");
            assertThat(st.metadata()).containsExactly(Map.entry("format", "pt"));
            assertThat(st.shape("transformer.wte.weight")).containsExactly(1000, 32);
            assertThat(st.shape("transformer.wpe.weight")).containsExactly(512, 32);
            assertThat(st.shape("transformer.h.0.attn.c_attn.weight")).containsExactly(32, 96);
            assertThat(st.dtypeName("transformer.wte.weight")).isEqualTo("F32");

            float[] wte = st.readFloats("transformer.wte.weight");
            assertThat(wte).hasSize(32_000);
            assertThat(wte[0]).isEqualTo(st.rawBytes("transformer.wte.weight").getFloat(0));
            float[] ln = st.readFloats("transformer.h.0.ln_1.weight");
            assertThat(ln).hasSize(32);
            for (float v : ln) {
                assertThat(v).isFinite();
            }
        }
    }

    /**
     * Reading every tensor and writing it back with the same metadata reproduces the Python library's
     * file byte for byte: header JSON, key order, padding and data layout all match.
     */
    @Test
    void rewritingTheGpt2CheckpointIsByteIdentical() throws IOException {
        Path original = Fixtures.require(GPT2);
        Map<String, SafetensorsWriter.Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata;
        try (SafetensorsFile st = SafetensorsFile.open(original)) {
            for (String name : st.names()) {
                tensors.put(name, new SafetensorsWriter.Tensor(st.shape(name), st.readFloats(name)));
            }
            metadata = st.metadata();
        }
        Path copy = dir.resolve("model.safetensors");
        SafetensorsWriter.write(copy, tensors, metadata);
        assertThat(Files.mismatch(original, copy)).isEqualTo(-1L);
    }
}
