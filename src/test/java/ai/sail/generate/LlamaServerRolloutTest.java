package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.sail.Fixtures;
import ai.sail.http.RetryPolicy;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.tensor.StepScope;
import ai.sail.text.Prompt;
import ai.sail.text.PromptEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rollouts on a real engine: llama.cpp's {@code llama-server} serving stories260K, the model Sail
 * loads from the same GGUF file.
 */
class LlamaServerRolloutTest {
    static Path gguf;
    static LlamaServer server;
    static LanguageModel lm;

    @BeforeAll
    static void start() throws Exception {
        gguf = Fixtures.require("models/stories260K/stories260K.gguf");
        server = LlamaServer.start(gguf);
        lm = ModelLoader.load(gguf.toString(), Device.cpu());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lm != null) {
            lm.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static RemoteGenerator client(LlamaServer on, RetryPolicy retry) {
        return RemoteGenerator.forPolicy(new RolloutSettings(List.of(on.uri()), RolloutEngine.AUTO, retry, 4), lm, 8,
                new PrintStream(new ByteArrayOutputStream()));
    }

    static RemoteGenerator client() {
        return client(server, new RetryPolicy(Duration.ofSeconds(30), 1, Duration.ofMillis(10)));
    }

    static int[] prompt(String text) {
        return new PromptEncoder(lm.tokenizer(), lm.config().bosId()).prompt(Prompt.text(text), false);
    }

    static GenerationSettings sampled(int tokens, long seed) {
        return new GenerationSettings(tokens, new SamplingSettings(1f, 0, 1f), new HashSet<>(lm.eosIds()), List.of(), seed);
    }

    @Test
    void greedyDecodingThroughTheServerGivesTheGoldenText() {
        try (RemoteGenerator engine = client()) {
            assertThat(engine.engines()).containsExactly(RolloutEngine.LLAMA_CPP);
            Generation g = engine.generate(List.of(prompt("")), new GenerationSettings(100, SamplingSettings.GREEDY,
                    new HashSet<>(lm.eosIds()), List.of(), 0)).get(0);
            assertThat(g.tokens()).hasSize(100);
            assertThat(g.text().stripLeading()).isEqualTo(RealModelGenerationTest.GOLDEN);
        }
    }

    @Test
    void theEnginesLogProbsOfItsSamplesAgreeWithSailsScoringOfTheSameTokens() {
        List<int[]> prompts = List.of(prompt("Once upon a time"), prompt("Once upon a time"), prompt("The cat sat"),
                prompt(""), prompt("Lily wanted to"));
        try (RemoteGenerator engine = client()) {
            List<Generation> out = engine.generate(prompts, sampled(24, 5), new Random(5));
            int compared = 0;
            ResponseScorer scorer = new ResponseScorer(lm.decoder());
            for (Generation g : out) {
                assertThat(g.tokens()).isNotEmpty();
                // The reference: Sail's scoring path on this one row, as `sail score --ids` runs it.
                float[] reference;
                try (StepScope scope = new StepScope()) {
                    float[] row = scorer.score(ScoringBatch.promptAndResponse(List.of(g.prompt()), List.of(g.tokens())),
                            lm.decoder().manager()).tokens().toFloatArray();
                    reference = java.util.Arrays.copyOfRange(row, g.prompt().length - 1, g.prompt().length - 1 + g.tokens().length);
                }
                for (int i = 0; i < g.tokens().length; i++) {
                    assertThat(g.logProbs()[i]).as("Sail's log-probability, token %d", i).isCloseTo(reference[i], within(1e-5f));
                    float fromEngine = g.engine().logProbs()[i];
                    if (!Float.isNaN(fromEngine)) {
                        assertThat(fromEngine).as("engine log-probability, token %d", i).isCloseTo(reference[i], within(1e-3f));
                        compared++;
                    }
                }
            }
            assertThat(compared).isGreaterThanOrEqualTo(out.stream().mapToInt(g -> g.tokens().length - 1).sum());
            RolloutStats stats = engine.lastRollout().orElseThrow();
            assertThat(stats.comparedTokens()).isEqualTo(compared);
            assertThat(stats.logprobDrift()).isLessThan(1e-3);
            // Two samples of one prompt are two draws, not one answer twice.
            assertThat(out.get(0).tokens()).isNotEqualTo(out.get(1).tokens());
        }
    }

    @Test
    void theSameSeedDrawsTheSameSamples() {
        List<int[]> prompts = List.of(prompt("Once upon a time"), prompt("The dog"));
        try (RemoteGenerator engine = client()) {
            List<Generation> a = engine.generate(prompts, sampled(16, 9), new Random(9));
            List<Generation> b = engine.generate(prompts, sampled(16, 9), new Random(9));
            List<Generation> c = engine.generate(prompts, sampled(16, 10), new Random(10));
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(b.get(i).tokens()).isEqualTo(a.get(i).tokens());
            }
            assertThat(c.stream().map(Generation::text).toList()).isNotEqualTo(a.stream().map(Generation::text).toList());
        }
    }

    @Test
    void aServerThatDiesMidRunGivesAClearStopNamingIt() throws Exception {
        try (LlamaServer doomed = LlamaServer.start(gguf);
                RemoteGenerator engine = client(doomed, new RetryPolicy(Duration.ofSeconds(5), 1, Duration.ofMillis(10)))) {
            assertThat(engine.generate(List.of(prompt("Once")), sampled(8, 1), new Random(1))).hasSize(1);
            doomed.kill();
            assertThatThrownBy(() -> engine.generate(List.of(prompt("Once")), sampled(8, 2), new Random(2)))
                    .isInstanceOf(RolloutUnavailableException.class)
                    .hasMessageContaining("rollout server " + doomed.uri() + "/completion failed after 2 attempt(s)");
        }
    }
}
