package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.ModelConfig;
import ai.sail.tensor.TorchRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A prompt plus its new tokens must fit in the model's context: refused with a message that names the
 * prompt, its length, the context and what to change, before anything is allocated; or, when the caller
 * asks for it, each prompt gets what the context leaves.
 */
class ContextLimitTest {
    static final int CONTEXT = 64;
    static final ModelConfig CONFIG = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(1).heads(2).kvHeads(2)
            .headDim(8).intermediateSize(24).maxPositions(CONTEXT).bosId(1).build();
    static NDManager manager;
    static Generator generator;

    @BeforeAll
    static void load() {
        manager = TorchRuntime.newManager(Device.cpu());
        DecoderWeights w = DecoderWeights.random(CONFIG, manager, 11);
        w.all().forEach((name, a) -> {
            if (!name.contains("norm")) {
                a.muli(40); // far from uniform, so greedy decoding is stable
            }
        });
        generator = new Generator(new Decoder(CONFIG, w, manager), GeneratorTest::asText);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static int[] prompt(int length) {
        int[] p = new int[length];
        Arrays.setAll(p, i -> i == 0 ? 1 : 3 + (i * 7) % 30);
        return p;
    }

    static GenerationSettings greedy(int maxNew) {
        return new GenerationSettings(maxNew, SamplingSettings.GREEDY, Set.of(), List.of(), 0);
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedBeforeAnythingIsAllocated() {
        // 200,000 tokens: the attention mask alone would need 4 * 10^10 floats.
        List<int[]> prompts = List.of(prompt(5), prompt(200_000));

        assertThatThrownBy(() -> generator.generate(prompts, greedy(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt 2 has 200000 tokens; the model's context is 64 (max_position_embeddings), which"
                        + " must hold the prompt and up to 8 new tokens (--max-new-tokens): shorten the prompt to at"
                        + " most 56 tokens");
    }

    @Test
    void aPromptThatLeavesTooLittleRoomNamesBothWaysOut() {
        List<int[]> prompts = List.of(prompt(60));

        assertThatThrownBy(() -> generator.generate(prompts, greedy(8), new Random(0), 17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt 17 has 60 tokens; the model's context is 64 (max_position_embeddings), which"
                        + " must hold the prompt and up to 8 new tokens (--max-new-tokens): shorten the prompt to at"
                        + " most 56 tokens or lower --max-new-tokens to 4");
        assertThatThrownBy(() -> generator.checkContext(List.of(prompt(3), prompt(3), prompt(60)), greedy(8)))
                .hasMessageStartingWith("prompt 3 has 60 tokens;");
    }

    @Test
    void moreNewTokensThanTheContextIsRefused() {
        assertThatThrownBy(() -> generator.generate(List.of(prompt(2)), greedy(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-new-tokens is 64, but the model's context is 64 tokens (max_position_embeddings)"
                        + " and must also hold the prompt: use at most 63 new tokens");
    }

    @Test
    void aPromptThatExactlyFillsTheContextGenerates() {
        Generation g = generator.generate(List.of(prompt(56)), greedy(8)).get(0);
        assertThat(g.tokens()).hasSize(8);
    }

    @Test
    void cappingGivesEachPromptWhatTheContextLeavesIt() {
        int[] longPrompt = prompt(60);
        int[] shortPrompt = prompt(4);
        List<Generation> capped = generator.generate(List.of(shortPrompt, longPrompt),
                greedy(8).withCapToContext(true));

        assertThat(capped.get(0).tokens()).isEqualTo(generator.generate(List.of(shortPrompt), greedy(8)).get(0).tokens());
        assertThat(capped.get(1).tokens()).isEqualTo(generator.generate(List.of(longPrompt), greedy(4)).get(0).tokens());
        assertThat(capped.get(1).endedWithEos()).isFalse();
    }

    @Test
    void cappingStillRefusesAPromptThatFillsTheWholeContext() {
        assertThatThrownBy(() -> generator.generate(List.of(prompt(64)), greedy(8).withCapToContext(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt 1 has 64 tokens; the model's context is 64 (max_position_embeddings), which"
                        + " leaves no room for a new token: shorten the prompt to at most 63 tokens");
    }

    @Test
    void anEmptyPromptIsNamedByItsNumber() {
        assertThatThrownBy(() -> generator.generate(List.of(prompt(3), new int[0]), greedy(4)))
                .hasMessage("prompt 2 has no tokens; start from BOS at least");
    }
}
