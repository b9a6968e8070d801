package ai.sail.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.Fixtures;
import ai.sail.text.ChatMessage;
import ai.sail.text.HfTokenizer;
import ai.sail.text.Prompt;
import ai.sail.text.TokenizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Token ids against ids found independently: by looking each expected piece up in the vocabulary
 * ({@code Ġb}, {@code ▁Blue}, {@code <|user|>}), or by encoding a chat prompt written out literally in
 * the test rather than rendered; truncated lengths are worked out by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleTokenizerTest {
    private static final TokenizationSettings ROOMY_NO_TEMPLATE =
            new TokenizationSettings(false, 512, 1024, Truncation.KEEP_END);
    /** 3 prompt tokens, 6 in all: small enough to work truncation out by hand. */
    private static final TokenizationSettings TIGHT_KEEP_END =
            new TokenizationSettings(false, 3, 6, Truncation.KEEP_END);
    private static final TokenizationSettings TIGHT_KEEP_START =
            new TokenizationSettings(false, 3, 6, Truncation.KEEP_START);
    private static final Prompt NAME_A_COLOUR = Prompt.text("Name a colour.");
    private static final int GPT2_EOS = 0;
    private static final int PHI3_EOS = 32000;

    /** GPT-2 (no chat template): BOS and EOS are both {@code <|endoftext|>}, id 0. Letters a-h are one token each. */
    private HfTokenizer gpt2;
    /** Llama vocabulary with Phi-3's chat template, BOS {@code <s>} = 1, EOS {@code <|endoftext|>} = 32000. */
    private HfTokenizer phi3;
    /** The same vocabulary with the Qwen2.5 ChatML template instead of Phi-3's. */
    private HfTokenizer phi3WithQwenTemplate;

    @BeforeAll
    void load() throws IOException {
        gpt2 = HfTokenizer.load(Fixtures.require("models/tiny-random-gpt2"));
        Path phi3Dir = Fixtures.require("tokenizers/phi3");
        phi3 = HfTokenizer.load(phi3Dir);
        TokenizerConfig own = phi3.config();
        String qwen = TokenizerConfig.load(Fixtures.require("tokenizers/qwen2.5/tokenizer_config.json"))
                .chatTemplate().orElseThrow();
        phi3WithQwenTemplate = HfTokenizer.load(phi3Dir.resolve("tokenizer.json"), new TokenizerConfig(own.bosToken(),
                own.eosToken(), own.padToken(), own.unkToken(), own.addBosToken(), own.addEosToken(), Optional.of(qwen),
                own.additionalSpecialTokens(), own.modelMaxLength()));
    }

    @AfterAll
    void close() {
        for (HfTokenizer t : Arrays.asList(gpt2, phi3, phi3WithQwenTemplate)) {
            if (t != null) {
                t.close();
            }
        }
    }

    private static int[] pieces(HfTokenizer tokenizer, String... tokens) {
        return Arrays.stream(tokens)
                .mapToInt(t -> tokenizer.tokenToId(t).orElseThrow(() -> new AssertionError("no token " + t)))
                .toArray();
    }

    private static int[] concat(int[] a, int... b) {
        return IntStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
    }

    private static PreferenceExample pair(String prompt, String chosen, String rejected, String origin) {
        return new PreferenceExample(Prompt.text(prompt), chosen, rejected, origin);
    }

    private static TokenizedPair single(ExampleTokenizer tokenizer, PreferenceExample example) {
        PairTokenization result = tokenizer.tokenizePairs(List.of(example));
        assertThat(result.pairs()).hasSize(1);
        return result.pairs().get(0);
    }

    @Test
    void gpt2TextPromptAndResponsesWithEos() {
        ExampleTokenizer tokenizer = new ExampleTokenizer(gpt2, TokenizationSettings.defaults(), GPT2_EOS, -1);

        TokenizedPair pair = single(tokenizer, pair("a b c", " d e", " f", "t:1"));

        assertThat(tokenizer.usesChatTemplate()).as("GPT-2 has no template, whatever the settings ask").isFalse();
        assertThat(pair.prompt()).containsExactly(pieces(gpt2, "a", "Ġb", "Ġc"));
        assertThat(pair.chosen()).containsExactly(concat(pieces(gpt2, "Ġd", "Ġe"), GPT2_EOS));
        assertThat(pair.rejected()).containsExactly(concat(pieces(gpt2, "Ġf"), GPT2_EOS));
    }

    @Test
    void withoutATemplateAConversationIsItsContentsJoinedByBlankLines() {
        ExampleTokenizer tokenizer = new ExampleTokenizer(gpt2, TokenizationSettings.defaults(), GPT2_EOS, -1);
        Prompt conversation = Prompt.conversation(List.of(
                new ChatMessage("system", "Be brief."), new ChatMessage("user", "Name a colour.")));

        assertThat(tokenizer.promptIds(conversation)).containsExactly(gpt2.encode("Be brief.\n\nName a colour.", true));
    }

    @Test
    void anEmptyPromptIsBosAlone() throws IOException {
        Prompt empty = Prompt.text("");
        assertThat(new ExampleTokenizer(gpt2, ROOMY_NO_TEMPLATE, GPT2_EOS, -1).promptIds(empty)).containsExactly(0);

        Path falconJson = Fixtures.require("tokenizers/falcon/tokenizer.json");
        try (HfTokenizer falcon = HfTokenizer.load(falconJson, TokenizerConfig.empty())) {
            assertThat(falcon.bosId()).isEmpty();
            assertThat(new ExampleTokenizer(falcon, ROOMY_NO_TEMPLATE, 11, 11).promptIds(empty))
                    .as("the fallback BOS when the tokenizer names none").containsExactly(11);
            assertThatThrownBy(() -> new ExampleTokenizer(falcon, ROOMY_NO_TEMPLATE, 11, -1).promptIds(empty))
                    .hasMessageContaining("an empty prompt needs a BOS token");
        }
    }

    /** Phi-3's template prints {@code <|user|>\nTEXT<|end|>\n<|assistant|>\n}, without BOS; nothing may add one. */
    @Test
    void phi3ChatTemplatePromptHasNoAddedBos() {
        ExampleTokenizer tokenizer = new ExampleTokenizer(phi3, TokenizationSettings.defaults(), PHI3_EOS, -1);
        int[] expected = pieces(phi3, "<|user|>", "▁", "<0x0A>", "Name", "▁a", "▁colour", ".", "<|end|>",
                "▁", "<0x0A>", "<|assistant|>");
        Prompt asMessage =
                Prompt.conversation(List.of(new ChatMessage("user", "Name a colour.")));

        TokenizedPair pair = single(tokenizer, new PreferenceExample(NAME_A_COLOUR, "Blue.", "Seven.", "t:1"));

        assertThat(tokenizer.usesChatTemplate()).isTrue();
        assertThat(pair.prompt()).containsExactly(expected);
        assertThat(tokenizer.promptIds(asMessage)).as("a text prompt is one user message").containsExactly(expected);
        assertThat(pair.chosen()).containsExactly(concat(pieces(phi3, "▁Blue", "."), PHI3_EOS));
    }

    @Test
    void phi3WithoutTheTemplateGetsTheTokenizersBos() {
        ExampleTokenizer tokenizer = new ExampleTokenizer(phi3, ROOMY_NO_TEMPLATE, PHI3_EOS, -1);

        assertThat(tokenizer.usesChatTemplate()).isFalse();
        assertThat(tokenizer.promptIds(NAME_A_COLOUR))
                .containsExactly(pieces(phi3, "<s>", "▁Name", "▁a", "▁colour", "."));
        assertThat(tokenizer.responseIds("Blue.")).containsExactly(concat(pieces(phi3, "▁Blue", "."), PHI3_EOS));
    }

    /** The Qwen2.5 template written out by hand: its default system prompt, the user turn, the assistant header. */
    @Test
    void qwenTemplateOnATextPrompt() {
        ExampleTokenizer tokenizer =
                new ExampleTokenizer(phi3WithQwenTemplate, TokenizationSettings.defaults(), PHI3_EOS, -1);
        String rendered = "<|im_start|>system\n"
                + "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nName a colour.<|im_end|>\n"
                + "<|im_start|>assistant\n";

        PromptTokenization result = tokenizer.tokenizePrompts(List.of(new PromptExample(NAME_A_COLOUR, "t:1")));

        int[] prompt = result.prompts().get(0).prompt();
        assertThat(prompt).containsExactly(phi3.encode(rendered, false));
        assertThat(prompt[0]).as("no BOS before the template's text").isNotEqualTo(1);
    }

    /**
     * Prompt "a b c d e f g h" is 8 tokens; with 3 prompt tokens and 6 in all, the prompt keeps 3 tokens,
     * leaving 3 for each response: " e f g h" (4 + EOS) is cut to its first 3 tokens and loses its EOS,
     * " b" (1 + EOS) fits.
     */
    @Test
    void truncationKeepsTheChosenEndOfThePromptAndTheStartOfResponses() {
        int[] letters = pieces(gpt2, "a", "Ġb", "Ġc", "Ġd", "Ġe", "Ġf", "Ġg", "Ġh");
        assertThat(gpt2.encode("a b c d e f g h", true)).containsExactly(letters);
        PreferenceExample example = pair("a b c d e f g h", " e f g h", " b", "t:1");

        TokenizedPair keepEnd = single(new ExampleTokenizer(gpt2, TIGHT_KEEP_END, GPT2_EOS, -1), example);
        TokenizedPair keepStart = single(new ExampleTokenizer(gpt2, TIGHT_KEEP_START, GPT2_EOS, -1), example);

        assertThat(keepEnd.prompt()).containsExactly(Arrays.copyOfRange(letters, 5, 8));
        assertThat(keepStart.prompt()).containsExactly(Arrays.copyOfRange(letters, 0, 3));
        assertThat(keepEnd.chosen()).containsExactly(pieces(gpt2, "Ġe", "Ġf", "Ġg"));
        assertThat(keepEnd.rejected()).containsExactly(concat(pieces(gpt2, "Ġb"), GPT2_EOS));
    }

    /** A short prompt leaves the rest of maxLength to the responses: 1 prompt token, so 5 response tokens. */
    @Test
    void responsesUseTheRoomAShortPromptLeaves() {
        ExampleTokenizer tokenizer = new ExampleTokenizer(gpt2, TIGHT_KEEP_END, GPT2_EOS, -1);

        TokenizedPair pair = single(tokenizer, pair("a", " b c d e f g", " b c d e", "t:1"));

        assertThat(pair.chosen()).containsExactly(pieces(gpt2, "Ġb", "Ġc", "Ġd", "Ġe", "Ġf"));
        assertThat(pair.rejected()).containsExactly(concat(pieces(gpt2, "Ġb", "Ġc", "Ġd", "Ġe"), GPT2_EOS));
    }

    @Test
    void countersAndSummary() {
        ExampleTokenizer tokenizer = new ExampleTokenizer(gpt2, TIGHT_KEEP_END, GPT2_EOS, -1);
        List<PreferenceExample> examples = List.of(
                pair("a b c d", " b", " c", "t:1"),         // prompt cut
                pair("a", " b c d e f g", " c", "t:2"),     // chosen cut
                pair("a b c d", " b c d e", " c", "t:3"),   // both cut
                pair("a", " b", "", "t:4"),                 // rejected would be EOS alone: dropped
                pair("a", " b", " c", "t:5"));

        PairTokenization result = tokenizer.tokenizePairs(examples);

        assertThat(result.pairs()).extracting(TokenizedPair::origin).containsExactly("t:1", "t:2", "t:3", "t:5");
        assertThat(result.promptsTruncated()).isEqualTo(2);
        assertThat(result.responsesTruncated()).isEqualTo(2);
        assertThat(result.dropped()).isEqualTo(1);
        assertThat(result.summary())
                .isEqualTo("5 pairs: 2 prompts truncated, 2 responses truncated, 1 dropped (first: t:4)");
    }

    @Test
    void promptsAreCutToThePromptBudget() {
        ExampleTokenizer tokenizer = new ExampleTokenizer(gpt2, TIGHT_KEEP_START, GPT2_EOS, -1);

        PromptTokenization result = tokenizer.tokenizePrompts(List.of(
                new PromptExample(Prompt.text("a b c d"), "t:1"),
                new PromptExample(Prompt.text("a b"), "t:2")));

        assertThat(result.prompts().get(0).prompt()).containsExactly(pieces(gpt2, "a", "Ġb", "Ġc"));
        assertThat(result.prompts().get(1).prompt()).containsExactly(pieces(gpt2, "a", "Ġb"));
        assertThat(result.summary()).isEqualTo("2 prompts: 1 truncated");
    }

    @Test
    void anEosIdOutsideTheVocabularyIsRefused() {
        assertThatThrownBy(() -> new ExampleTokenizer(gpt2, ROOMY_NO_TEMPLATE, 1000, -1))
                .hasMessage("EOS id 1000 is outside the vocabulary (size 1000)");
    }

    /** The real demo set end to end, with TRL's default lengths: every kept pair fits them. */
    @Test
    void dpoEnDemoTokenizesWithThePhi3Template() {
        List<PreferenceExample> examples =
                DatasetReader.strict().preferences(Fixtures.require("data/dpo_en_demo.json")).examples();
        ExampleTokenizer tokenizer = new ExampleTokenizer(phi3, TokenizationSettings.defaults(), PHI3_EOS, -1);

        PairTokenization result = tokenizer.tokenizePairs(examples);

        assertThat(result.pairs()).hasSize(299);
        assertThat(result.pairs()).allSatisfy(p -> {
            assertThat(p.prompt().length).isLessThanOrEqualTo(512);
            assertThat(p.prompt().length + Math.max(p.chosen().length, p.rejected().length)).isLessThanOrEqualTo(1024);
        });
        assertThat(result.promptsTruncated()).isPositive();
        assertThat(result.summary()).startsWith("299 pairs: ");
    }
}
