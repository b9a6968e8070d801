package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.ModelConfig;
import ai.sail.tensor.TorchRuntime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Corrupt weights must stop generation with a message, not print plausible tokens and exit 0. */
class NonFiniteLogitsTest {
    static final ModelConfig CONFIG = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(1).heads(2).kvHeads(2)
            .headDim(8).intermediateSize(24).maxPositions(64).bosId(1).build();

    static void generateWith(float poison, SamplingSettings sampling, String expected) {
        try (NDManager manager = TorchRuntime.newManager(Device.cpu())) {
            DecoderWeights w = DecoderWeights.random(CONFIG, manager, 3);
            w.all().get("layers.0.down.weight").muli(poison); // every hidden state turns non-finite
            Generator g = new Generator(new Decoder(CONFIG, w, manager), GeneratorTest::asText);
            GenerationSettings settings = new GenerationSettings(4, sampling, Set.of(), List.of(), 0);
            assertThatThrownBy(() -> g.generate(List.of(new int[] {1, 5}, new int[] {1, 6, 7}), settings))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(expected);
        }
    }

    @Test
    void nanWeightsStopGreedyDecodingAtTheFirstStep() {
        generateWith(Float.NaN, SamplingSettings.GREEDY, "the model produced NaN logits at step 1 of prompt 1;"
                + " its weights may be corrupt (random weights, seed 3)");
    }

    @Test
    void nanWeightsStopSampling() {
        generateWith(Float.NaN, new SamplingSettings(0.8f, 5, 0.9f), "the model produced NaN logits at step 1 of"
                + " prompt 1; its weights may be corrupt (random weights, seed 3)");
    }
}
