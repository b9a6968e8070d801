package ai.sail.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.Fixtures;
import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.Generation;
import ai.sail.model.Decoder;
import ai.sail.model.DecoderWeights;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.reward.RewardContext;
import ai.sail.reward.RewardQuery;
import ai.sail.reward.RewardSource;
import ai.sail.reward.RewardSources;
import ai.sail.tensor.StepScope;
import ai.sail.tensor.TorchRuntime;
import ai.sail.text.PromptEncoder;
import ai.sail.text.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator on the real stories260K model, with a length rule as the gold reward. */
class EvaluatorTest {
    static final EvalSettings SETTINGS = new EvalSettings(4, 24, 1f, 1f, 11, 5);
    static LanguageModel model;
    static RewardSource reward;
    static List<TokenizedPrompt> prompts;

    @BeforeAll
    static void load() {
        model = ModelLoader.load(Fixtures.require("models/stories260K/stories260K.gguf").toString(), Device.cpu());
        reward = RewardSources.parse("length:40", RewardContext.on(Device.cpu()));
        PromptEncoder encoder = new PromptEncoder(model.tokenizer(), model.config().bosId());
        prompts = new ArrayList<>();
        String[] texts = {"Once upon a time", "The little dog", "Lily wanted to", ""};
        for (int i = 0; i < texts.length; i++) {
            prompts.add(new TokenizedPrompt(encoder.prompt(Prompt.text(texts[i]), false), texts[i], "test:" + i));
        }
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void aPolicyAgainstItselfTiesEveryPairAndHasZeroKl() {
        Evaluator evaluator = new Evaluator(reward, SETTINGS);
        Baseline baseline = evaluator.baseline(model, prompts);
        EvalResult r = evaluator.evaluate(model, model.decoder(), prompts, baseline);

        assertThat(r.samples()).isEqualTo(16);
        for (int i = 0; i < r.samples(); i++) {
            assertThat(r.perSample().responses().get(i).tokens()).isEqualTo(baseline.responses().get(i).tokens());
        }
        assertThat(r.kl()).isCloseTo(0, within(1e-6));
        assertThat(r.klPerToken()).isCloseTo(0, within(1e-6));
        assertThat(r.winRate()).isEqualTo(0.5);
        assertThat(r.softWinRate()).isEqualTo(0.5);
        assertThat(r.meanReward()).isEqualTo(EvalMetrics.meanReward(baseline.rewards()));
        // Samples differ from each other: it is sampling, not one response repeated.
        assertThat(r.rewardSd()).isPositive();
        assertThat(r.distinct1()).isBetween(0.0, 1.0);
        assertThat(r.distinct2()).isGreaterThan(r.distinct1());
        assertThat(r.meanLength()).isBetween(1.0, 24.0);
        assertThat(r.eosShare()).isBetween(0.0, 1.0);
    }

    @Test
    void rewardsAreTheGoldRewardOfTheResponseTextsAndRunsRepeat() {
        Evaluator evaluator = new Evaluator(reward, SETTINGS);
        EvalResult first = evaluator.evaluate(model, null, prompts, null);
        EvalResult second = evaluator.evaluate(model, null, prompts, null);
        List<RewardQuery> texts = first.perSample().responses().stream()
                .map(g -> RewardQuery.text("", g.text())).toList();
        assertThat(first.perSample().rewards()).containsExactly(reward.score(texts));
        assertThat(second.perSample().rewards()).containsExactly(first.perSample().rewards());
        assertThat(first.winRate()).isNaN();
        assertThat(first.kl()).isNaN();
        // Responses come prompt by prompt, samplesPerPrompt each.
        for (int i = 0; i < first.samples(); i++) {
            assertThat(first.perSample().responses().get(i).prompt()).isEqualTo(prompts.get(i / 4).prompt());
        }
    }

    @Test
    void klToAPerturbedCopyIsTheMeanLogRatioAndPositive() {
        Map<String, float[]> weights = model.decoder().weights().toFloatArrays();
        SplittableRandom noise = new SplittableRandom(3);
        weights.replaceAll((name, values) -> {
            float[] out = values.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (0.05 * (noise.nextDouble() * 2 - 1));
            }
            return out;
        });
        NDManager manager = TorchRuntime.newManager(Device.cpu());
        Decoder perturbed = new Decoder(model.config(), DecoderWeights.fromArrays(model.config(), weights, manager), manager);
        try {
            EvalResult r = new Evaluator(reward, SETTINGS).evaluate(model, perturbed, prompts, null);
            // Independent path: the policy's log-probabilities from generation (KV cache), the reference's
            // from one unpadded row at a time.
            double sum = 0;
            for (Generation g : r.perSample().responses()) {
                sum += g.sumLogProb() - logProb(perturbed, g);
            }
            assertThat(r.kl()).isCloseTo(sum / r.samples(), within(1e-3));
            assertThat(r.kl()).isPositive();
            assertThat(r.klPerToken()).isCloseTo(r.kl() / r.meanLength(), within(1e-9));
        } finally {
            perturbed.close();
            manager.close();
        }
    }

    @Test
    void aBaselineFromOtherPromptsOrSettingsIsRefused() {
        Baseline baseline = new Evaluator(reward, SETTINGS).baseline(model, prompts.subList(0, 2));
        assertThatThrownBy(() -> new Evaluator(reward, SETTINGS).evaluate(model, null, prompts.subList(1, 3), baseline))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differs");
        EvalSettings two = new EvalSettings(2, 24, 1f, 1f, 11, 5);
        assertThatThrownBy(() -> new Evaluator(reward, two).evaluate(model, null, prompts.subList(0, 2), baseline))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("responses per prompt");
    }

    private static double logProb(Decoder decoder, Generation g) {
        try (StepScope scope = new StepScope()) {
            return new ResponseScorer(decoder).score(ScoringBatch.promptAndResponse(List.of(g.prompt()), List.of(g.tokens())),
                    decoder.manager()).sequence().toFloatArray()[0];
        }
    }
}
