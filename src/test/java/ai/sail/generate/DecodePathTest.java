package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.LoraAdapters;
import ai.sail.model.LoraSettings;
import ai.sail.tensor.TorchRuntime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generation through libtorch and through the Java kernel: the same seed gives the same tokens with the
 * same log-probabilities (to float rounding), with padding, rows that finish early and sampling; and the
 * rule that picks a path.
 */
class DecodePathTest {
    static final List<int[]> PROMPTS = List.of(new int[] {1, 5, 9}, new int[] {1, 7, 3, 30, 11, 12}, new int[] {1});
    static NDManager manager;
    static Decoder decoder;

    @BeforeAll
    static void load() {
        manager = TorchRuntime.newManager(Device.cpu());
        decoder = GeneratorTest.peaked(manager);
    }

    @AfterAll
    static void close() {
        decoder.close();
        manager.close();
    }

    static List<Generation> generate(DecodePath path, GenerationSettings settings) {
        Generator g = new Generator(decoder, GeneratorTest::asText, path);
        List<Generation> out = g.generate(PROMPTS, settings);
        assertThat(g.lastTimings().path()).isEqualTo(path);
        return out;
    }

    static void assertSameGenerations(List<Generation> torch, List<Generation> java) {
        for (int r = 0; r < PROMPTS.size(); r++) {
            assertThat(java.get(r).tokens()).as("row %d", r).containsExactly(torch.get(r).tokens());
            assertThat(java.get(r).endedWithEos()).isEqualTo(torch.get(r).endedWithEos());
            for (int j = 0; j < torch.get(r).tokens().length; j++) {
                assertThat(java.get(r).logProbs()[j]).as("row %d token %d", r, j)
                        .isCloseTo(torch.get(r).logProbs()[j], within(1e-4f));
            }
        }
    }

    @Test
    void bothPathsSampleTheSameTokensWithTheSameLogProbs() {
        GenerationSettings settings = GeneratorTest.sampling(20, 42);
        assertSameGenerations(generate(DecodePath.TORCH, settings), generate(DecodePath.JAVA, settings));
    }

    @Test
    void bothPathsAgreeWhenRowsFinishAtDifferentSteps() {
        // EOS on a frequent token, so rows end early and are dropped from the batch (and the cache).
        GenerationSettings settings = new GenerationSettings(24, new SamplingSettings(1.2f, 0, 1f), Set.of(2, 17, 40),
                List.of(), 9);
        List<Generation> torch = generate(DecodePath.TORCH, settings);
        assertThat(torch.stream().filter(Generation::endedWithEos).count()).isPositive();
        assertSameGenerations(torch, generate(DecodePath.JAVA, settings));
    }

    @Test
    void autoPicksJavaForASmallModelOnTheCpuAndLibtorchForABigStep() {
        Decoder d = decoder;
        assertThat(DecodePath.AUTO.resolve(d, 1, 64)).isEqualTo(DecodePath.JAVA);
        double perToken = d.config().forwardFlopsPerToken(64);
        int tooMany = (int) Math.ceil(DecodePath.JAVA_FLOPS_PER_STEP / perToken) + 1;
        assertThat(DecodePath.AUTO.resolve(d, tooMany, 64)).isEqualTo(DecodePath.TORCH);
        assertThat(DecodePath.TORCH.resolve(d, 1, 64)).isEqualTo(DecodePath.TORCH);
        assertThat(DecodePath.JAVA.resolve(d, tooMany, 64)).isEqualTo(DecodePath.JAVA);
    }

    @Test
    void trainingAdaptersWithDropoutRunOnLibtorchAndJavaIsRefusedByName() {
        Decoder base = decoder;
        LoraSettings lora = new LoraSettings(2, 4, 0.1, List.of(LoraSettings.ALL_LINEAR), false);
        try (Decoder d = new Decoder(base.config(), DecoderWeights.fromArrays(base.config(),
                base.weights().toFloatArrays(), base.manager()), base.manager())) {
            LoraAdapters adapters = LoraAdapters.initialise(d.config(), lora, d.manager(), 1);
            d.weights().attach(adapters);
            adapters.training(true);
            assertThat(DecodePath.AUTO.resolve(d, 1, 64)).isEqualTo(DecodePath.TORCH);
            assertThatThrownBy(() -> DecodePath.JAVA.resolve(d, 1, 64)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--decode-path java").hasMessageContaining("dropout");
            adapters.training(false);
            assertThat(DecodePath.AUTO.resolve(d, 1, 64)).isEqualTo(DecodePath.JAVA);
        }
    }
}
