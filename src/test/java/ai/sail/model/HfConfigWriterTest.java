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
                ModelConfig.mistral().vocabSize(64).hiddenSize(32).layers(1).heads(4).kvHeads(1).headDim(16)
                        .intermediateSize(40).maxPositions(4096).normEps(1e-6f).ropeTheta(1e6).build(),
                ModelConfig.llama().vocabSize(64).hiddenSize(32).layers(1).heads(4).kvHeads(4).headDim(8)
                        .intermediateSize(40).maxPositions(512).normEps(3.3e-7f).ropeTheta(500000.0)
                        .tiedEmbeddings(true).bosId(5).eosIds(List.of(6, 7, 8)).padId(9).build(),
                ModelConfig.llama().vocabSize(64).hiddenSize(32).layers(1).heads(4).kvHeads(2).headDim(8)
                        .intermediateSize(40).maxPositions(512).normEps(1e-5f).ropeTheta(10000.0).numLabels(1)
                        .bosId(1).eosIds(List.of(2)).padId(0).build(),
                ModelConfig.gpt2().vocabSize(64).hiddenSize(32).layers(1).heads(4).kvHeads(4).headDim(8)
                        .intermediateSize(100).maxPositions(64).normEps(1e-5f).ropeTheta(0).tiedEmbeddings(false)
                        .numLabels(3).bosId(0).eosIds(List.of(0)).build());
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
        ModelConfig groupedGpt2 = ModelConfig.gpt2().vocabSize(64).hiddenSize(32).layers(1).heads(4).kvHeads(2)
                .headDim(8).intermediateSize(100).maxPositions(64).normEps(1e-5f).tiedEmbeddings(true).bosId(0)
                .eosIds(List.of(0)).build();
        assertThatThrownBy(() -> HfConfigWriter.config(groupedGpt2)).hasMessageContaining("GPT-2");
    }
}
