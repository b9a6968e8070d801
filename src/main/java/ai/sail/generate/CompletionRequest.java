package ai.sail.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The body of a completion request for one {@link CompletionJob}, in an engine's dialect (OpenAI's
 * {@code /v1/completions}; llama.cpp's native {@code /completion}, which takes the same fields under
 * the names used here). Every
 * setting that shapes the sampling distribution is sent explicitly, because each engine has defaults
 * of its own that would otherwise apply: llama.cpp samples with top-k 40, top-p 0.95 and min-p 0.05
 * unless told otherwise (and may be started with other defaults), vLLM applies the model's
 * {@code generation_config.json} (temperature, top-k, top-p, min-p, repetition penalty), SGLang has
 * its own. With these fields an engine draws from the distribution Sail's own sampler draws from:
 * temperature, then top-k, then top-p, nothing else.
 *
 * <p>Log-probabilities are asked for the sampled tokens only ({@code logprobs: 1}), with their token ids:
 * vLLM writes ids into its token strings ({@code return_tokens_as_token_ids}), SGLang returns
 * {@code token_ids} (recent versions), llama.cpp every sampled id ({@code return_tokens}). Sail's own EOS
 * ids are sent as stop tokens where the engine takes them, so a response ends where Sail's would.
 */
final class CompletionRequest {
    /**
     * llama.cpp's sampler chain in Sail's order: temperature, top-k, top-p. Its default chain applies
     * top-p before the temperature and adds penalties, DRY, typical-p, min-p and XTC; naming the chain
     * leaves those out whatever their values.
     */
    static final List<String> LLAMA_CPP_SAMPLERS = List.of("temperature", "top_k", "top_p");

    private CompletionRequest() {}

    /**
     * @param model the served model's name, or null to leave it out
     * @param promptText the prompt as text, for an engine that does not take ids
     */
    static Map<String, Object> body(RolloutEngine engine, String model, CompletionJob job, GenerationSettings settings,
            String promptText) {
        SamplingSettings s = settings.sampling();
        Map<String, Object> b = new LinkedHashMap<>();
        if (model != null) {
            b.put("model", model);
        }
        b.put("prompt", engine.takesTokenIds() ? job.prompt() : promptText);
        b.put("max_tokens", job.maxTokens());
        if (engine != RolloutEngine.LLAMA_CPP) { // its native endpoint draws one sample a request
            b.put("n", job.count());
        }
        b.put("seed", job.seed());
        b.put("temperature", s.temperature());
        b.put("top_p", s.topP());
        b.put("presence_penalty", 0);
        b.put("frequency_penalty", 0);
        if (!settings.stopStrings().isEmpty()) {
            b.put("stop", settings.stopStrings());
        }
        b.put(engine == RolloutEngine.LLAMA_CPP ? "n_probs" : "logprobs", 1);
        b.put("stream", false);
        List<Integer> eos = List.copyOf(new TreeSet<>(settings.eosIds()));
        // No EOS ids means nothing ends a response early (a benchmark's fixed workload): the engine must not stop at its own.
        boolean ignoreEos = eos.isEmpty();
        switch (engine) {
            case LLAMA_CPP -> {
                b.put("top_k", s.topK()); // 0 = off in llama.cpp
                b.put("min_p", 0);
                b.put("typical_p", 1);
                b.put("xtc_probability", 0);
                b.put("repeat_penalty", 1);
                b.put("repeat_last_n", 0);
                b.put("dry_multiplier", 0);
                b.put("mirostat", 0);
                b.put("dynatemp_range", 0);
                b.put("samplers", LLAMA_CPP_SAMPLERS);
                b.put("post_sampling_probs", false); // log-probabilities of the model's distribution, not the filtered one
                b.put("ignore_eos", ignoreEos);
                b.put("return_tokens", true);
            }
            case VLLM, SGLANG -> {
                b.put("top_k", s.topK() > 0 ? s.topK() : -1); // -1 = off in both
                b.put("min_p", 0);
                b.put("repetition_penalty", 1);
                b.put("min_tokens", 0);
                b.put("skip_special_tokens", true);
                b.put("ignore_eos", ignoreEos);
                if (!eos.isEmpty()) {
                    b.put("stop_token_ids", eos);
                }
                if (engine == RolloutEngine.VLLM) {
                    b.put("return_tokens_as_token_ids", true);
                    b.put("include_stop_str_in_output", false);
                } else {
                    b.put("return_token_ids", true);
                    b.put("no_stop_trim", false);
                }
            }
            case OPENAI -> {
                if (s.topK() > 0) {
                    throw new IllegalArgumentException("--top-k " + s.topK() + ": an OpenAI-compatible server has no"
                            + " standard top-k field; name the engine with --rollout-engine (llama.cpp, vllm, sglang)"
                            + " or sample without top-k");
                }
            }
            case AUTO -> throw new IllegalStateException("the engine must be resolved before a request is made");
        }
        return b;
    }
}
