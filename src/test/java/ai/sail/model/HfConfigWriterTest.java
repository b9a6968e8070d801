package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.io.HfJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** config.json and generation_config.json read back to the ModelConfig they were written from. */
class HfConfigWriterTest {
    @TempDir
    Path dir;

    static Stream<ModelConfig> configs() {
        return Stream.of(
                TestModels.llama(RopeStyle.HALF_SPLIT),
                TestModels.qwen2(),
                TestModels.gpt2(),
                new ModelConfig(Architecture.MISTRAL, 64, 32, 1, 4, 1, 16, 40, 4096, 1e-6f, 1e6, RopeStyle.HALF_SPLIT,
                        false, 0, -1, List.of(), -1),
                new ModelConfig(Architecture.LLAMA, 64, 32, 1, 4, 4, 8, 40, 512, 3.3e-7f, 500000.0, RopeStyle.HALF_SPLIT,
                        true, 0, 5, List.of(6, 7, 8), 9),
                new ModelConfig(Architecture.LLAMA, 64, 32, 1, 4, 2, 8, 40, 512, 1e-5f, 10000.0, RopeStyle.HALF_SPLIT,
                        false, 1, 1, List.of(2), 0),
                new ModelConfig(Architecture.GPT2, 64, 32, 1, 4, 4, 8, 100, 64, 1e-5f, 0, RopeStyle.HALF_SPLIT,
                        false, 3, 0, List.of(0), -1));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void readsBackEqual(ModelConfig c) throws Exception {
        Files.write(dir.resolve("config.json"), HfJson.format(HfConfigWriter.config(c)));
        if (!c.isRewardModel()) {
            Files.write(dir.resolve("generation_config.json"), HfJson.format(HfConfigWriter.generationConfig(c)));
        }
        assertThat(HfConfigReader.read(dir)).isEqualTo(c);
    }

    @Test
    void namesTheTransformersClass() {
        assertThat(HfConfigWriter.className(TestModels.gpt2())).isEqualTo("GPT2LMHeadModel");
        assertThat(HfConfigWriter.className(TestModels.qwen2())).isEqualTo("Qwen2ForCausalLM");
        assertThat(configs().map(HfConfigWriter::className).toList())
                .contains("MistralForCausalLM", "LlamaForSequenceClassification", "GPT2ForSequenceClassification");
    }

    @Test
    void refusesWhatAHuggingFaceConfigCannotSay() {
        assertThatThrownBy(() -> HfConfigWriter.config(TestModels.llama(RopeStyle.ADJACENT))).hasMessageContaining("ADJACENT");
        ModelConfig groupedGpt2 = new ModelConfig(Architecture.GPT2, 64, 32, 1, 4, 2, 8, 100, 64, 1e-5f, 0,
                RopeStyle.HALF_SPLIT, true, 0, 0, List.of(0), -1);
        assertThatThrownBy(() -> HfConfigWriter.config(groupedGpt2)).hasMessageContaining("GPT-2");
    }
}
