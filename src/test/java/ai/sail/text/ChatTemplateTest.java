package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.Fixtures;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
    private static final List<ChatMessage> CONVERSATION = List.of(
            new ChatMessage("system", "You are terse."),
            new ChatMessage("user", "Hi there"),
            new ChatMessage("assistant", "Hello! How can I help?"),
            new ChatMessage("user", "Name a colour."));

    private static ChatTemplate templateOf(String tokenizer) throws IOException {
        TokenizerConfig config = TokenizerConfig.load(Fixtures.require("tokenizers/" + tokenizer + "/tokenizer_config.json"));
        return new ChatTemplate(config.chatTemplate().orElseThrow());
    }

    /**
     * Phi-3's template prints {@code '<|' + role + '|>' + '\n' + content + '<|end|>\n'} per message, then
     * {@code '<|assistant|>\n'} when asked for a generation prompt and the last turn is not the assistant's.
     * Nothing between the tags is printed, so there is no stray whitespace.
     */
    @Test
    void rendersPhi3() throws IOException {
        String expected = "<|system|>\nYou are terse.<|end|>\n"
                + "<|user|>\nHi there<|end|>\n"
                + "<|assistant|>\nHello! How can I help?<|end|>\n"
                + "<|user|>\nName a colour.<|end|>\n"
                + "<|assistant|>\n";

        assertThat(templateOf("phi3").render(CONVERSATION, true, "<s>", "<|endoftext|>")).isEqualTo(expected);
    }

    @Test
    void phi3PrintsNoGenerationPromptAfterAnAssistantTurn() throws IOException {
        String rendered = templateOf("phi3").render(CONVERSATION.subList(0, 3), true, "<s>", "<|endoftext|>");

        assertThat(rendered).endsWith("<|assistant|>\nHello! How can I help?<|end|>\n");
    }

    /**
     * Qwen2.5 (no tools): the first system message becomes {@code <|im_start|>system\n...<|im_end|>\n};
     * the loop then skips it (a system message that is {@code loop.first}) and prints
     * {@code <|im_start|>role\ncontent<|im_end|>\n} for the others; the generation prompt is
     * {@code <|im_start|>assistant\n}. Every tag has {@code -} whitespace control, so the template's own
     * indentation and newlines print nothing.
     */
    @Test
    void rendersQwenChatMl() throws IOException {
        String expected = "<|im_start|>system\nYou are terse.<|im_end|>\n"
                + "<|im_start|>user\nHi there<|im_end|>\n"
                + "<|im_start|>assistant\nHello! How can I help?<|im_end|>\n"
                + "<|im_start|>user\nName a colour.<|im_end|>\n"
                + "<|im_start|>assistant\n";

        assertThat(templateOf("qwen2.5").render(CONVERSATION, true, null, "<|im_end|>")).isEqualTo(expected);
    }

    @Test
    void qwenInsertsItsDefaultSystemPrompt() throws IOException {
        String expected = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHi there<|im_end|>\n";

        assertThat(templateOf("qwen2.5").render(CONVERSATION.subList(1, 2), false, null, "<|im_end|>"))
                .isEqualTo(expected);
    }

    /** Tools go through {@code tojson}, which must print Python's {@code json.dumps} spacing. */
    @Test
    void qwenToolsArePrintedAsPythonJson() throws IOException {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "get_weather");
        function.put("description", "Weather for a city, in °C");
        function.put("parameters", Map.of("type", "object"));
        Map<String, Object> toolSpec = new LinkedHashMap<>();
        toolSpec.put("type", "function");
        toolSpec.put("function", function);

        String rendered = templateOf("qwen2.5").render(CONVERSATION.subList(1, 2), true,
                Map.of("tools", List.of(toolSpec), "eos_token", "<|im_end|>"));

        assertThat(rendered).isEqualTo("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant."
                + "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                + "\"description\": \"Weather for a city, in °C\", \"parameters\": {\"type\": \"object\"}}}\n"
                + "</tools>\n\nFor each function call, return a json object with function name and arguments within"
                + " <tool_call></tool_call> XML tags:\n<tool_call>\n"
                + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void messagesAreMapsForBothAccessStyles() {
        ChatTemplate template = new ChatTemplate(
                "{% for m in messages %}{{ m.role }}={{ m['content'] }};{% endfor %}{{ messages[-1]['role'] }}");

        assertThat(template.render(CONVERSATION.subList(0, 2), false, null, null))
                .isEqualTo("system=You are terse.;user=Hi there;user");
    }

    @Test
    void specialTokenVariablesAreAvailableAndNullMeansUndefined() {
        ChatTemplate template = new ChatTemplate("{{ bos_token }}[{{ eos_token }}]{% if bos_token is defined %}!{% endif %}");

        assertThat(template.render(List.of(), false, "<s>", "</s>")).isEqualTo("<s>[</s>]!");
        assertThat(template.render(List.of(), false, null, "</s>")).isEqualTo("[</s>]");
    }

    @Test
    void raiseExceptionStopsRenderingWithTheTemplatesMessage() {
        ChatTemplate template = new ChatTemplate(
                "{% for message in messages %}"
                + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
                + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
                + "{% endif %}{{ message['content'] }}{% endfor %}");

        assertThat(template.render(CONVERSATION.subList(1, 3), false, null, null)).isEqualTo("Hi thereHello! How can I help?");
        assertThatThrownBy(() -> template.render(CONVERSATION, false, null, null))
                .isInstanceOfSatisfying(ChatTemplateException.class, e -> assertThat(e.raisedMessage())
                        .contains("Conversation roles must alternate user/assistant/user/assistant/..."))
                .hasMessageContaining("Conversation roles must alternate");
    }

    @Test
    void unclosedBlockIsASyntaxErrorAtConstruction() {
        assertThatThrownBy(() -> new ChatTemplate("{% for message in messages %}{{ message.content }}"))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining("syntax error")
                .hasMessageContaining("endfor");
    }

    @Test
    void brokenExpressionsAndUnknownFunctionsFailAtRender() {
        ChatTemplate broken = new ChatTemplate("{{ messages[0]['content' }}");
        ChatTemplate unknown = new ChatTemplate("{{ strftime_now('%Y') }}");

        assertThatThrownBy(() -> broken.render(CONVERSATION, false, null, null))
                .isInstanceOf(ChatTemplateException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> unknown.render(CONVERSATION, false, null, null))
                .isInstanceOf(ChatTemplateException.class).hasMessageContaining("strftime_now");
    }

    @Test
    void messageContentIsNeverInterpretedAsTemplateCode() {
        ChatTemplate template = new ChatTemplate("{% for m in messages %}<{{ m.content }}>{% endfor %}");
        List<ChatMessage> sneaky = List.of(new ChatMessage("user", "{{ 7 * 7 }} {% if true %}x{% endif %}"));

        assertThat(template.render(sneaky, false, null, null)).isEqualTo("<{{ 7 * 7 }} {% if true %}x{% endif %}>");
    }

    @Test
    void generationBlocksPrintTheirBody() {
        ChatTemplate template = new ChatTemplate(
                "{% for m in messages %}{% if m.role == 'assistant' %}{% generation %}{{ m.content }}{% endgeneration %}"
                + "{% else %}{{ m.content }}{% endif %}|{% endfor %}");

        assertThat(template.render(CONVERSATION.subList(1, 3), false, null, null))
                .isEqualTo("Hi there|Hello! How can I help?|");
    }

    @Test
    void phi3TokenizerKeepsChatMarkersAsSingleTokens() throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.require("tokenizers/phi3"))) {
            assertThat(tokenizer.encode("<|user|>", false)).containsExactly(32010);
            assertThat(tokenizer.tokenToId("<|user|>")).hasValue(32010);
            assertThat(tokenizer.eosIds()).containsExactly(32000);
            assertThat(tokenizer.padId()).hasValue(32000);
            assertThat(tokenizer.specialTokens()).containsEntry("<|end|>", 32007).containsEntry("<|system|>", 32006);

            String prompt = new ChatTemplate(tokenizer.chatTemplate().orElseThrow())
                    .render(CONVERSATION.subList(1, 2), true, "<s>", "<|endoftext|>");
            int[] ids = tokenizer.encode(prompt, true);
            assertThat(ids[0]).isEqualTo(1); // BOS from the post-processor
            assertThat(ids[1]).isEqualTo(32010);
            assertThat(ids).contains(32007);
            // <|assistant|> is an added token with rstrip: it swallows the newline the template prints after it.
            assertThat(ids[ids.length - 1]).isEqualTo(32001);
            assertThat(tokenizer.decode(ids, false)).startsWith("<s><|user|>").contains("Hi there<|end|>")
                    .endsWith("<|assistant|>");
        }
    }
}
