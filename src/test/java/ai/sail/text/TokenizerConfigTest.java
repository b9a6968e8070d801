package ai.sail.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsAddedTokenObjectsAndFlagsFromLlamaConfig() throws IOException {
        TokenizerConfig config = TokenizerConfig.load(Fixtures.require("tokenizers/llama/tokenizer_config.json"));

        assertThat(config.bosToken()).contains("<s>");
        assertThat(config.eosToken()).contains("</s>");
        assertThat(config.unkToken()).contains("<unk>");
        assertThat(config.padToken()).isEmpty(); // "pad_token": null
        assertThat(config.addBosToken()).contains(true);
        assertThat(config.addEosToken()).contains(false);
        assertThat(config.modelMaxLength()).hasValue(2048);
        assertThat(config.chatTemplate()).isEmpty();
    }

    @Test
    void readsPlainStringsTemplateAndAdditionalTokensFromPhi3Config() throws IOException {
        TokenizerConfig config = TokenizerConfig.load(Fixtures.require("tokenizers/phi3/tokenizer_config.json"));

        assertThat(config.bosToken()).contains("<s>");
        assertThat(config.eosToken()).contains("<|endoftext|>");
        assertThat(config.padToken()).contains("<|endoftext|>");
        assertThat(config.chatTemplate()).hasValueSatisfying(t -> assertThat(t).startsWith("{% for message in messages %}"));
        // The file lists <|end|> twice; the config keeps each token once, in order.
        assertThat(config.additionalSpecialTokens()).containsExactly("<|system|>", "<|end|>", "<|user|>");
        assertThat(config.modelMaxLength()).hasValue(131072);
    }

    @Test
    void nullTokensAndAbsentFlagsAreEmptyInQwenConfig() throws IOException {
        TokenizerConfig config = TokenizerConfig.load(Fixtures.require("tokenizers/qwen2.5/tokenizer_config.json"));

        assertThat(config.bosToken()).isEmpty();
        assertThat(config.unkToken()).isEmpty();
        assertThat(config.eosToken()).contains("<|im_end|>");
        assertThat(config.addBosToken()).contains(false);
        assertThat(config.addEosToken()).isEmpty();
        assertThat(config.additionalSpecialTokens()).startsWith("<|im_start|>", "<|im_end|>").hasSize(13);
    }

    @Test
    void missingFileGivesEmptyConfig() throws IOException {
        assertThat(TokenizerConfig.load(dir.resolve("tokenizer_config.json"))).isEqualTo(TokenizerConfig.empty());
    }

    @Test
    void templateListPicksDefaultElseFirst() throws IOException {
        Path withDefault = write("""
                {"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]}
                """);
        Path withoutDefault = write("""
                {"chat_template": [{"name": "rag", "template": "R"}, {"name": "tool_use", "template": "T"}]}
                """);

        assertThat(TokenizerConfig.load(withDefault).chatTemplate()).contains("D");
        assertThat(TokenizerConfig.load(withoutDefault).chatTemplate()).contains("R");
    }

    @Test
    void hugeMaxLengthSentinelMeansNoLimit() throws IOException {
        Path file = write("{\"model_max_length\": 1000000000000000019884624838656}");

        assertThat(TokenizerConfig.load(file).modelMaxLength()).isEqualTo(OptionalInt.empty());
    }

    @Test
    void malformedJsonNamesFileAndField() throws IOException {
        Path file = write("{\"bos_token\": \"<s>\", \"eos_token\": {\"content\": \"</s>\" \"lstrip\": false}}");

        assertThatThrownBy(() -> TokenizerConfig.load(file))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("eos_token")
                .hasMessageContaining("line 1");
    }

    @Test
    void wrongFieldTypeNamesFileAndField() throws IOException {
        Path flag = write("{\"add_bos_token\": \"yes\"}");
        Path token = write("{\"eos_token\": 2}");
        Path template = write("{\"chat_template\": [{\"name\": \"default\"}]}");

        assertThatThrownBy(() -> TokenizerConfig.load(flag))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining(flag.toString()).hasMessageContaining("'add_bos_token'");
        assertThatThrownBy(() -> TokenizerConfig.load(token))
                .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("'eos_token'");
        assertThatThrownBy(() -> TokenizerConfig.load(template))
                .isInstanceOf(TokenizerFormatException.class).hasMessageContaining("'chat_template[0]'");
    }

    @Test
    void overridingSpecialTokenFlagsKeepsTheRest() throws IOException {
        TokenizerConfig config = TokenizerConfig.load(Fixtures.require("tokenizers/llama/tokenizer_config.json"))
                .withAddSpecialTokens(Optional.of(false), Optional.of(true));

        assertThat(config.addBosToken()).contains(false);
        assertThat(config.addEosToken()).contains(true);
        assertThat(config.bosToken()).contains("<s>");
        assertThat(config.additionalSpecialTokens()).isEqualTo(List.of());
    }

    private int files;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("tokenizer_config_" + (files++) + ".json");
        Files.writeString(file, json);
        return file;
    }
}
