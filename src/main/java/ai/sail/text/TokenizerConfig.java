package ai.sail.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of a Hugging Face {@code tokenizer_config.json} that change what a tokenizer does or
 * reports: the special token strings, whether BOS/EOS are added, the chat template and the length limit.
 * {@code tokenizer.json} alone does not carry these, yet they decide which id ends a generation and how
 * a conversation is laid out, so they are read separately and kept as plain data.
 *
 * @param bosToken beginning-of-sequence token string, if the config names one
 * @param eosToken end-of-sequence token string
 * @param padToken padding token string
 * @param unkToken unknown token string
 * @param addBosToken whether encoding with special tokens should start with BOS; empty when the config
 *     does not say, in which case {@code tokenizer.json}'s post-processor decides
 * @param addEosToken whether encoding with special tokens should end with EOS; empty as above
 * @param chatTemplate the Jinja chat template (the one named {@code default} if the config lists several)
 * @param additionalSpecialTokens further special token strings, in the config's order, without duplicates
 * @param modelMaxLength the length limit the tokenizer declares; empty when absent or set to one of the
 *     huge "no limit" sentinels transformers writes (for example {@code 1e30})
 */
public record TokenizerConfig(
        Optional<String> bosToken,
        Optional<String> eosToken,
        Optional<String> padToken,
        Optional<String> unkToken,
        Optional<Boolean> addBosToken,
        Optional<Boolean> addEosToken,
        Optional<String> chatTemplate,
        List<String> additionalSpecialTokens,
        OptionalInt modelMaxLength) {

    public TokenizerConfig {
        bosToken = Objects.requireNonNullElse(bosToken, Optional.empty());
        eosToken = Objects.requireNonNullElse(eosToken, Optional.empty());
        padToken = Objects.requireNonNullElse(padToken, Optional.empty());
        unkToken = Objects.requireNonNullElse(unkToken, Optional.empty());
        addBosToken = Objects.requireNonNullElse(addBosToken, Optional.empty());
        addEosToken = Objects.requireNonNullElse(addEosToken, Optional.empty());
        chatTemplate = Objects.requireNonNullElse(chatTemplate, Optional.empty());
        additionalSpecialTokens = List.copyOf(Objects.requireNonNullElse(additionalSpecialTokens, List.of()));
        modelMaxLength = Objects.requireNonNullElse(modelMaxLength, OptionalInt.empty());
    }

    /** A config that says nothing: every decision is left to {@code tokenizer.json}. */
    public static TokenizerConfig empty() {
        return new TokenizerConfig(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), OptionalInt.empty());
    }

    /**
     * Reads {@code file}; a missing file gives {@link #empty()}, since many tokenizers ship without one.
     *
     * @throws TokenizerFormatException if the file is not valid JSON or a field has the wrong shape
     *     (the message names the file and the field)
     */
    public static TokenizerConfig load(Path file) throws IOException {
        return TokenizerConfigReader.read(file);
    }

    /** The same config with other BOS/EOS decisions, for callers that must override the file. */
    public TokenizerConfig withAddSpecialTokens(Optional<Boolean> addBos, Optional<Boolean> addEos) {
        return new TokenizerConfig(bosToken, eosToken, padToken, unkToken, addBos, addEos,
                chatTemplate, additionalSpecialTokens, modelMaxLength);
    }
}
