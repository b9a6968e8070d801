package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.sail.http.RetryPolicy;
import ai.sail.model.ModelConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The vLLM and SGLang dialects against recorded request/response pairs, written from the engines'
 * documented APIs (no such engine runs here): the request Sail sends is checked field by field against
 * the recorded one, and the recorded answers must become the samples they describe. Sail's own scoring
 * is a stand-in that gives every token -0.5, so the drift is a hand-computable number.
 */
class RolloutDialectTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final float SAIL_LOGPROB = -0.5f;
    /** Two samples of one prompt, then one of another: how a training step asks for pairs. */
    static final List<int[]> PROMPTS = List.of(new int[] {1, 17, 42}, new int[] {1, 17, 42}, new int[] {1, 5});
    static final GenerationSettings SETTINGS = new GenerationSettings(6, new SamplingSettings(0.9f, 20, 0.95f), Set.of(2),
            List.of("\n\n"), 11);
    static final ModelConfig CONFIG = ModelConfig.llama().vocabSize(64).hiddenSize(16).layers(1).heads(2).kvHeads(2)
            .headDim(8).intermediateSize(32).maxPositions(64).normEps(1e-5f).ropeTheta(10000.0).bosId(1)
            .eosIds(List.of(2)).build();

    /** Token 41 is the text "\n\n", 1 and 2 are special (BOS, EOS), every other id N is " wN". */
    static final TokenText TEXT = new TokenText(ids -> {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            b.append(id == 41 ? "\n\n" : id <= 2 ? "" : " w" + id);
        }
        return b.toString();
    }, text -> {
        List<Integer> ids = new ArrayList<>();
        Matcher m = Pattern.compile(" w(\\d+)|\n\n").matcher(text);
        while (m.find()) {
            ids.add(m.group(1) == null ? 41 : Integer.parseInt(m.group(1)));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    });

    static final TokenScorer SAIL = (prompts, responses) -> {
        List<float[]> out = new ArrayList<>();
        for (int[] r : responses) {
            float[] row = new float[r.length];
            Arrays.fill(row, SAIL_LOGPROB);
            out.add(row);
        }
        return out;
    };

    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    RemoteGenerator client(FakeEngine engine, RolloutEngine dialect) {
        RolloutSettings settings = new RolloutSettings(List.of(engine.uri()), dialect,
                new RetryPolicy(Duration.ofSeconds(5), 0, Duration.ZERO), 4);
        return new RemoteGenerator(settings, CONFIG, SAIL, TEXT, log);
    }

    /** The seeds Sail must send, one per request in row order, from the caller's stream. */
    static int[] seeds(int requests) {
        Random rng = new Random(SETTINGS.seed());
        int[] out = new int[requests];
        for (int i = 0; i < requests; i++) {
            out[i] = rng.nextInt() & Integer.MAX_VALUE;
        }
        return out;
    }

    /** Every recorded field is sent with the recorded value, and nothing else but the seed. */
    static void assertSameRequest(JsonNode sent, String recordedFile, int seed) throws Exception {
        JsonNode recorded = JSON.readTree(FakeEngine.recorded(recordedFile));
        for (Iterator<String> it = recorded.fieldNames(); it.hasNext();) {
            String field = it.next();
            JsonNode want = recorded.get(field);
            JsonNode got = sent.get(field);
            assertThat(got).as(field).isNotNull();
            if (want.isNumber()) {
                assertThat(got.isNumber()).as(field + " is a number").isTrue();
                assertThat(got.asDouble()).as(field).isCloseTo(want.asDouble(), within(1e-6));
            } else {
                assertThat(got).as(field).isEqualTo(want);
            }
        }
        assertThat(sent.get("seed").asInt()).as("seed").isEqualTo(seed);
        List<String> extra = new ArrayList<>();
        sent.fieldNames().forEachRemaining(f -> {
            if (!recorded.has(f) && !f.equals("seed")) {
                extra.add(f);
            }
        });
        assertThat(extra).as("fields sent beyond the recorded request").isEmpty();
    }

    @Test
    void vllmGetsOneRequestPerPromptWithNSamplesAndItsAnswersBecomeSamples() throws Exception {
        int[] seeds = seeds(2);
        try (FakeEngine vllm = new FakeEngine(FakeEngine.recorded("vllm-models.json"), (body, n) ->
                FakeEngine.Reply.ok(FakeEngine.recorded(body.get("n").asInt() == 2 ? "vllm-response-shared-prompt.json"
                        : "vllm-response-stop-string.json")));
                RemoteGenerator client = client(vllm, RolloutEngine.AUTO)) {
            assertThat(client.engines()).containsExactly(RolloutEngine.VLLM); // told apart by owned_by
            List<Generation> out = client.generate(PROMPTS, SETTINGS, new Random(SETTINGS.seed()));

            List<JsonNode> sent = vllm.requests();
            assertThat(sent).hasSize(2);
            JsonNode shared = sent.stream().filter(r -> r.get("n").asInt() == 2).findFirst().orElseThrow();
            JsonNode single = sent.stream().filter(r -> r.get("n").asInt() == 1).findFirst().orElseThrow();
            assertSameRequest(shared, "vllm-request-shared-prompt.json", seeds[0]);
            assertThat(single.get("prompt")).isEqualTo(JSON.readTree("[1, 5]"));
            assertThat(single.get("seed").asInt()).isEqualTo(seeds[1]);

            // Choices come back out of order; index 0 answers row 0. It ended at EOS (id 2, in its tokens).
            Generation a = out.get(0);
            assertThat(a.tokens()).containsExactly(30, 31, 2);
            assertThat(a.endedWithEos()).isTrue();
            assertThat(a.text()).isEqualTo(" w30 w31");
            assertThat(a.logProbs()).containsOnly(SAIL_LOGPROB); // Sail's scoring, not the engine's numbers
            assertThat(a.engine().logProbs()).containsExactly(-0.25f, -1.5f, -0.0625f);
            assertThat(a.engine().retokenized()).isFalse();
            assertThat(a.engine().server()).isEqualTo(vllm.uri());
            Generation b = out.get(1);
            assertThat(b.tokens()).containsExactly(7, 8, 9, 10, 11, 12);
            assertThat(b.endedWithEos()).isFalse();
            assertThat(b.stoppedByString()).isFalse();
            // The stop string: tokens as generated, text cut before it, as the in-process sampler does.
            Generation c = out.get(2);
            assertThat(c.prompt()).containsExactly(1, 5);
            assertThat(c.tokens()).containsExactly(40, 41);
            assertThat(c.stoppedByString()).isTrue();
            assertThat(c.text()).isEqualTo(" w40");

            // |e - s| over the 11 tokens: 0.25 + 1 + 0.4375, 0.75 + 0 + 0.25 + 1.5 + 0.375 + 0.5, 0 + 2.5 = 7.5625.
            RolloutStats stats = client.lastRollout().orElseThrow();
            assertThat(stats.comparedTokens()).isEqualTo(11);
            assertThat(stats.logprobDrift()).isCloseTo(7.5625 / 11, within(1e-9));
            assertThat(stats.tokens()).isEqualTo(11);
            assertThat(stats.policyLag()).isZero();
        }
    }

    @Test
    void sglangGetsOneSeededRequestPerSampleAndTextOnlyAnswersAreRetokenizedWithANote() throws Exception {
        int[] seeds = seeds(3);
        Map<Integer, String> answerBySeed = new HashMap<>();
        answerBySeed.put(seeds[0], "sglang-response-token-ids.json");
        answerBySeed.put(seeds[1], "sglang-response-eos-left-out.json");
        answerBySeed.put(seeds[2], "sglang-response-text-only.json");
        try (FakeEngine sglang = new FakeEngine(FakeEngine.recorded("sglang-models.json"), (body, n) ->
                FakeEngine.Reply.ok(FakeEngine.recorded(answerBySeed.get(body.get("seed").asInt()))));
                RemoteGenerator client = client(sglang, RolloutEngine.SGLANG)) {
            List<Generation> out = client.generate(PROMPTS, SETTINGS, new Random(SETTINGS.seed()));
            out = client.generate(PROMPTS, SETTINGS, new Random(SETTINGS.seed())); // a second call: the note is said once

            List<JsonNode> sent = sglang.requests();
            assertThat(sent).hasSize(6);
            JsonNode first = sent.stream().filter(r -> r.get("seed").asInt() == seeds[0]).findFirst().orElseThrow();
            assertSameRequest(first, "sglang-request.json", seeds[0]);
            assertThat(sent).allSatisfy(r -> assertThat(r.get("n").asInt()).isEqualTo(1));

            assertThat(out.get(0).tokens()).containsExactly(30, 31, 2);
            assertThat(out.get(0).endedWithEos()).isTrue();
            // SGLang named the EOS it stopped at (matched_stop) but left it out of token_ids: Sail puts it back.
            assertThat(out.get(1).tokens()).containsExactly(7, 8, 2);
            assertThat(out.get(1).endedWithEos()).isTrue();
            assertThat(out.get(1).engine().logProbs()[0]).isEqualTo(-1.25f);
            assertThat(out.get(1).engine().logProbs()[2]).isNaN();
            // Text only: Sail's tokenizer makes the ids; the engine's numbers cannot be matched to them.
            Generation text = out.get(2);
            assertThat(text.tokens()).containsExactly(40, 43, 44);
            assertThat(text.engine().retokenized()).isTrue();
            assertThat(text.text()).isEqualTo(" w40 w43 w44");
            assertThat(text.stoppedByString()).isTrue();
            String said = logBytes.toString(StandardCharsets.UTF_8);
            assertThat(said.split("answers with text only", -1)).hasSize(2);

            // Compared: 0.25 + 1 + 0.4375 and 0.75 + 0 (the added EOS has no engine number) = 2.4375 over 5.
            RolloutStats stats = client.lastRollout().orElseThrow();
            assertThat(stats.comparedTokens()).isEqualTo(5);
            assertThat(stats.logprobDrift()).isCloseTo(2.4375 / 5, within(1e-9));
        }
    }

    @Test
    void theOpenAiDialectSendsTextAndRefusesTopKItCannotExpress() throws Exception {
        String models = "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\",\"owned_by\":\"someone\"}]}";
        String answer = "{\"choices\":[{\"index\":0,\"text\":\" w9 w10\",\"logprobs\":{\"tokens\":[\" w9\",\" w10\"],"
                + "\"token_logprobs\":[-0.1,-0.2]},\"finish_reason\":\"length\"}]}";
        try (FakeEngine server = new FakeEngine(models, (body, n) -> FakeEngine.Reply.ok(answer));
                RemoteGenerator client = client(server, RolloutEngine.AUTO)) {
            assertThat(client.engines()).containsExactly(RolloutEngine.OPENAI);
            GenerationSettings plain = new GenerationSettings(2, new SamplingSettings(1f, 0, 1f), Set.of(2), List.of(), 3);
            Generation g = client.generate(List.<int[]>of(new int[] {1, 17, 42}), plain, new Random(3)).get(0);
            JsonNode sent = server.requests().get(0);
            assertThat(sent.get("prompt").asText()).isEqualTo(" w17 w42");
            assertThat(sent.has("top_k")).isFalse();
            assertThat(sent.get("model").asText()).isEqualTo("m");
            assertThat(g.tokens()).containsExactly(9, 10);
            assertThat(client.lastRollout().orElseThrow().comparedTokens()).isZero();

            GenerationSettings topK = new GenerationSettings(2, new SamplingSettings(1f, 5, 1f), Set.of(2), List.of(), 3);
            assertThatThrownBy(() -> client.generate(List.<int[]>of(new int[] {1}), topK, new Random(3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--top-k 5")
                    .hasMessageContaining("--rollout-engine");
        }
    }

    @Test
    void noEosIdsMeansTheEngineMayNotStopEarlyEither() throws Exception {
        try (FakeEngine vllm = new FakeEngine(FakeEngine.recorded("vllm-models.json"), (body, n) ->
                FakeEngine.Reply.ok(FakeEngine.recorded("vllm-response-stop-string.json")));
                RemoteGenerator client = client(vllm, RolloutEngine.AUTO)) {
            GenerationSettings fixedWork = new GenerationSettings(2, SamplingSettings.GREEDY, Set.of(), List.of(), 0);
            client.generate(List.<int[]>of(new int[] {1, 5}), fixedWork, new Random(0));
            JsonNode sent = vllm.requests().get(0);
            assertThat(sent.get("ignore_eos").asBoolean()).isTrue();
            assertThat(sent.has("stop_token_ids")).isFalse();
            assertThat(sent.get("temperature").asDouble()).isZero();
        }
    }
}
