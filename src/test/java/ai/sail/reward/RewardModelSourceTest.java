package ai.sail.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.tensor.StepScope;
import ai.sail.text.ChatMessage;
import ai.sail.text.ChatTemplate;
import ai.sail.text.TextTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reward model must score exactly the token rows its own tokenizer and template give, and batching
 * (right padding) must not change any row's score: checked against {@link ResponseScorer#rewards} on
 * each row alone, with ids computed here from the tokenizer and template directly.
 */
class RewardModelSourceTest {
    /** Vocabulary big enough for the llama and phi3 fixture tokenizers (up to id 32044). */
    static final int VOCAB = 32064;

    @TempDir
    Path dir;

    static final List<RewardQuery> QUERIES = List.of(
            RewardQuery.text("Tell me a story.", " Once upon a time a happy cat sat on a mat."),
            RewardQuery.text("Hi", " Hello!"),
            RewardQuery.text("What is two plus two?", " Four."));

    /** Label-0 score of one row scored alone (no padding) through the scorer directly. */
    static double aloneScore(LanguageModel lm, int[] ids) {
        long[][] row = {Arrays.stream(ids).asLongStream().toArray()};
        int[][] valid = {new int[ids.length]};
        Arrays.fill(valid[0], 1);
        try (StepScope s = new StepScope()) {
            return new ResponseScorer(lm.decoder())
                    .rewards(new ScoringBatch(row, valid, new boolean[1][ids.length]), lm.decoder().manager())
                    .toFloatArray()[0];
        }
    }

    void checkAgainstDirectScores(Path model, Function<TextTokenizer, Function<RewardQuery, int[]>> expectedIds) {
        double[] got;
        try (RewardSource source = RewardSources.parse(model.toString(), RewardContext.on(Device.cpu()).withBatchSize(2))) {
            got = source.score(QUERIES);
        }
        try (LanguageModel lm = ModelLoader.load(model.toString(), Device.cpu())) {
            Function<RewardQuery, int[]> encode = expectedIds.apply(lm.tokenizer());
            int[] lengths = QUERIES.stream().mapToInt(q -> encode.apply(q).length).toArray();
            assertThat(lengths[0]).as("rows of different lengths, so the batch is padded").isNotEqualTo(lengths[1]);
            for (int i = 0; i < QUERIES.size(); i++) {
                assertThat(got[i]).as("query " + i).isCloseTo(aloneScore(lm, encode.apply(QUERIES.get(i))), Offset.offset(1e-4));
            }
            assertThat(got[0]).isNotCloseTo(got[1], Offset.offset(1e-6));
        }
    }

    @Test
    void withoutAChatTemplatePromptPlusResponseIsTokenisedWithSpecialTokens() throws Exception {
        Path model = TinyLlamaCheckpoint.write(dir.resolve("rm"), TinyLlamaCheckpoint.config(VOCAB, 2), "tokenizers/llama");
        checkAgainstDirectScores(model, tok -> q -> tok.encode(q.prompt() + q.response(), true));
        try (RewardSource source = RewardSources.parse(model.toString(), RewardContext.on(Device.cpu()))) {
            assertThat(source.describe()).contains("label 0 of 2", "plain prompt + response");
        }
    }

    @Test
    void withAChatTemplateTheConversationIsRenderedAndTokenisedWithoutSpecialTokens() throws Exception {
        Path model = TinyLlamaCheckpoint.write(dir.resolve("rm"), TinyLlamaCheckpoint.config(VOCAB, 1), "tokenizers/phi3");
        checkAgainstDirectScores(model, tok -> q -> {
            String text = new ChatTemplate(tok.chatTemplate().orElseThrow()).render(
                    List.of(new ChatMessage("user", q.prompt()), new ChatMessage("assistant", q.response())), false,
                    "<s>", "<|endoftext|>");
            return tok.encode(text, false);
        });
        // The phi3 template as the Python library renders it.
        try (LanguageModel lm = ModelLoader.load(model.toString(), Device.cpu())) {
            String rendered = new ChatTemplate(lm.chatTemplate().orElseThrow()).render(
                    List.of(new ChatMessage("user", "Hi"), new ChatMessage("assistant", " Hello!")), false, "<s>", "");
            assertThat(rendered).isEqualTo("<|user|>\nHi<|end|>\n<|assistant|>\n Hello!<|end|>\n");
        }
    }

    @Test
    void aCausalLanguageModelIsRefused() throws Exception {
        Path model = TinyLlamaCheckpoint.write(dir.resolve("lm"), TinyLlamaCheckpoint.config(VOCAB, 0), "tokenizers/llama");
        assertThatThrownBy(() -> RewardSources.parse(model.toString(), RewardContext.on(Device.cpu())))
                .hasMessage(model + " is not a reward model (no score head)");
    }

    @Test
    void tokenIdsOutsideTheWeightsVocabularyAreAnError() throws Exception {
        // A 100-token model with a 32,000-token tokenizer: the mismatch must be named, not crash the engine.
        Path model = TinyLlamaCheckpoint.write(dir.resolve("small"), TinyLlamaCheckpoint.config(100, 1), "tokenizers/llama");
        try (RewardSource source = RewardSources.parse(model.toString(), RewardContext.on(Device.cpu()))) {
            assertThatThrownBy(() -> source.score(List.of(RewardQuery.text("Hello", " world"))))
                    .hasMessageContaining("outside the model's vocabulary of 100");
        }
    }
}
