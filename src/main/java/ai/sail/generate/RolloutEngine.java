package ai.sail.generate;

import ai.sail.config.Choice;

/**
 * The request dialect of an OpenAI-compatible {@code /v1/completions} server: every engine accepts the
 * OpenAI fields, but each applies its own sampling defaults unless told otherwise, names the extra
 * fields differently, and returns token ids (or not) in its own way. {@link CompletionRequest} and
 * {@link CompletionAnswer} switch on it.
 */
public enum RolloutEngine implements Choice {
    /** Ask the server ({@code GET /v1/models}, whose {@code owned_by} each engine fills with its name); a server that does not say is {@link #OPENAI}. */
    AUTO,
    /**
     * llama.cpp's {@code llama-server}, spoken to on its native {@code POST /completion}: its
     * {@code /v1/completions} leaves out of the log-probabilities every token after which the text
     * ends inside a UTF-8 character (byte pieces of any non-ASCII text) and the tokens of a stop string,
     * and gives no ids otherwise, while the native answer lists every sampled id ({@code return_tokens})
     * and says whether EOS or a stop string ended the sample.
     */
    LLAMA_CPP {
        @Override
        public String cliName() {
            return "llama.cpp";
        }
    },
    VLLM,
    SGLANG,
    /** Any other OpenAI-compatible server: text prompts, the standard fields only, text answers. */
    OPENAI;

    /**
     * How many samples one request may ask for ({@code n}). llama.cpp refuses {@code n > 1}; SGLang
     * expands {@code n} into copies of one request with the same seed, which under deterministic
     * inference would give identical samples; so both get one request, with its own seed, per sample.
     */
    int samplesPerRequest() {
        return this == LLAMA_CPP || this == SGLANG ? 1 : Integer.MAX_VALUE;
    }

    /** Where completions are posted, under the server's base URL. */
    String completionPath() {
        return this == LLAMA_CPP ? "/completion" : "/v1/completions";
    }

    /** Whether prompts go as token ids (exact) rather than as text the engine tokenizes itself. */
    boolean takesTokenIds() {
        return this != OPENAI;
    }

    /** The engine that says {@code owned_by} in its model list, else {@link #OPENAI}. */
    static RolloutEngine ofOwner(String ownedBy) {
        return switch (ownedBy == null ? "" : ownedBy) {
            case "llamacpp" -> LLAMA_CPP;
            case "vllm" -> VLLM;
            case "sglang" -> SGLANG;
            default -> OPENAI;
        };
    }
}
