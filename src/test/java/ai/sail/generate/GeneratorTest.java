package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.ModelConfig;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    static NDManager manager;
    static Decoder decoder;
    static final ModelConfig CONFIG = ModelConfig.llama().vocabSize(64).hiddenSize(32).layers(2).heads(4).kvHeads(2)
            .headDim(8).intermediateSize(48).maxPositions(256).normEps(1e-5f).ropeTheta(10000.0)
            .bosId(1).eosIds(List.of(2)).build();

    @BeforeAll
    static void load() {
        manager = TorchRuntime.newManager(Device.cpu());
        decoder = peaked(manager);
    }

    /** {@link #CONFIG} with larger weights than the default init, so the distribution is far from uniform. */
    static Decoder peaked(NDManager manager) {
        DecoderWeights w = DecoderWeights.random(CONFIG, manager, 5);
        w.all().forEach((name, a) -> {
            if (!name.contains("norm")) {
                a.muli(40);
            }
        });
        return new Decoder(CONFIG, w, manager);
    }

    @AfterAll
    static void close() {
        decoder.close();
        manager.close();
    }

    static String asText(int[] ids) {
        return Arrays.stream(ids).mapToObj(i -> "<" + i + ">").collect(Collectors.joining());
    }

    static GenerationSettings sampling(int maxNew, long seed) {
        return new GenerationSettings(maxNew, new SamplingSettings(0.9f, 0, 1f), Set.of(), List.of(), seed);
    }

    @Test
    void reportedLogProbsEqualTheScoringPath() {
        List<int[]> prompts = List.of(new int[] {1, 5, 9}, new int[] {1, 7, 3, 30, 11, 12}, new int[] {1});
        Generator g = new Generator(decoder, GeneratorTest::asText);
        List<Generation> out = g.generate(prompts, sampling(12, 42));
        List<int[]> responses = out.stream().map(Generation::tokens).toList();
        try (StepScope s = new StepScope()) {
            ResponseScorer.Scores scores = new ResponseScorer(decoder)
                    .score(ScoringBatch.promptAndResponse(prompts, responses), manager);
            float[] tokens = scores.tokens().toFloatArray();
            int width = (int) scores.tokens().getShape().get(1);
            for (int r = 0; r < prompts.size(); r++) {
                Generation gen = out.get(r);
                for (int j = 0; j < gen.tokens().length; j++) {
                    float scored = tokens[r * width + prompts.get(r).length - 1 + j];
                    assertThat(gen.logProbs()[j]).as("row %d token %d", r, j).isCloseTo(scored, within(1e-4f));
                }
                assertThat(scores.sequence().getFloat(r)).isCloseTo((float) gen.sumLogProb(), within(1e-3f));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameTokensAndAnotherSeedDoesNot() {
        Generator g = new Generator(decoder, GeneratorTest::asText);
        List<int[]> prompts = List.of(new int[] {1, 5}, new int[] {1, 6});
        List<Generation> a = g.generate(prompts, sampling(16, 1));
        List<Generation> b = g.generate(prompts, sampling(16, 1));
        List<Generation> c = g.generate(prompts, sampling(16, 2));
        assertThat(a.get(0).tokens()).isEqualTo(b.get(0).tokens());
        assertThat(a.get(1).tokens()).isEqualTo(b.get(1).tokens());
        assertThat(a.get(0).tokens()).isNotEqualTo(c.get(0).tokens());
    }

    @Test
    void aPaddedRowGeneratesWhatItGeneratesAlone() {
        Generator g = new Generator(decoder, GeneratorTest::asText);
        GenerationSettings greedy = new GenerationSettings(10, SamplingSettings.GREEDY, Set.of(), List.of(), 0);
        int[] shortPrompt = {1, 4};
        List<Generation> batch = g.generate(List.of(shortPrompt, new int[] {1, 9, 8, 7, 6, 5}), greedy);
        List<Generation> alone = g.generate(List.<int[]>of(shortPrompt), greedy);
        assertThat(batch.get(0).tokens()).isEqualTo(alone.get(0).tokens());
    }

    @Test
    void greedyPicksTheArgmaxOfTheFullForwardAtEveryStep() {
        Generator g = new Generator(decoder, GeneratorTest::asText);
        GenerationSettings greedy = new GenerationSettings(8, SamplingSettings.GREEDY, Set.of(), List.of(), 0);
        int[] prompt = {1, 17, 3};
        int[] tokens = g.generate(List.<int[]>of(prompt), greedy).get(0).tokens();
        int[] seq = Arrays.copyOf(prompt, prompt.length + tokens.length);
        System.arraycopy(tokens, 0, seq, prompt.length, tokens.length);
        try (StepScope s = new StepScope()) {
            long[][] ids = {Arrays.stream(seq).asLongStream().toArray()};
            int[][] valid = {Arrays.stream(seq).map(x -> 1).toArray()};
            var hidden = decoder.forward(manager.create(ids[0], new ai.djl.ndarray.types.Shape(1, seq.length)),
                    new ai.sail.model.AttentionLayout(valid, seq.length), null);
            var logits = decoder.logits(hidden);
            for (int j = 0; j < tokens.length; j++) {
                int argmax = (int) logits.get(0, prompt.length - 1 + j).argMax().getLong();
                assertThat(tokens[j]).as("step %d", j).isEqualTo(argmax);
            }
        }
    }

    @Test
    void eosAndStopStringsEndARowAndTheOthersGoOn() {
        Generator g = new Generator(decoder, GeneratorTest::asText);
        GenerationSettings greedy = new GenerationSettings(12, SamplingSettings.GREEDY, Set.of(), List.of(), 0);
        List<int[]> prompts = List.of(new int[] {1, 4}, new int[] {1, 9, 8});
        List<Generation> free = g.generate(prompts, greedy);
        int eosId = free.get(0).tokens()[3];
        int firstEos = indexOf(free.get(0).tokens(), eosId);
        List<Generation> withEos = g.generate(prompts,
                new GenerationSettings(12, SamplingSettings.GREEDY, Set.of(eosId), List.of(), 0));
        assertThat(withEos.get(0).tokens()).isEqualTo(Arrays.copyOf(free.get(0).tokens(), firstEos + 1));
        assertThat(withEos.get(0).endedWithEos()).isTrue();
        int other = indexOf(free.get(1).tokens(), eosId);
        int expectedOther = other < 0 ? 12 : other + 1;
        assertThat(withEos.get(1).tokens()).isEqualTo(Arrays.copyOf(free.get(1).tokens(), expectedOther));

        String stop = "<" + free.get(1).tokens()[2] + ">";
        List<Generation> withStop = g.generate(List.<int[]>of(prompts.get(1)),
                new GenerationSettings(12, SamplingSettings.GREEDY, Set.of(), List.of(stop), 0));
        assertThat(withStop.get(0).stoppedByString()).isTrue();
        assertThat(withStop.get(0).text()).doesNotContain(stop);
        assertThat(asText(withStop.get(0).tokens())).endsWith(stop);
    }

    static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
