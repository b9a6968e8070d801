package ai.sail.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the answer to a completion request: one {@link Choice} per sample, in {@code index} order.
 * On {@code /v1/completions} token ids come from wherever the engine put them, most explicit first: a
 * {@code token_ids} list on the choice (SGLang, recent vLLM), {@code logprobs.content[].id} (llama.cpp's
 * OpenAI layout), or vLLM's {@code logprobs.tokens} written as {@code "token_id:N"}. An answer with none
 * of these is text only ({@link Choice#ids()} is null) and the caller re-tokenizes it. llama.cpp's native
 * answer ({@link #llamaCpp}) is read apart.
 */
final class CompletionAnswer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN_ID = Pattern.compile("token_id:(-?\\d+)");

    /**
     * One sample as the engine gave it.
     *
     * @param ids the response's token ids, or null when the engine gave text only
     * @param logProbs the engine's log-probability of each token, aligned with {@code ids} (or with the
     *     engine's own tokens when {@code ids} is null), or null when it gave none
     * @param finishReason {@code stop} (EOS or a stop string) or {@code length}
     * @param stop what stopped it, where the engine says: a token id (Integer), a stop string (String),
     *     or null (vLLM's {@code stop_reason}, SGLang's {@code matched_stop})
     */
    record Choice(String text, int[] ids, float[] logProbs, String finishReason, Object stop) {}

    private CompletionAnswer() {}

    /** @throws IllegalArgumentException describing what is wrong with the answer (the caller names the server) */
    static List<Choice> parse(RolloutEngine engine, String body, int expected) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the answer is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (engine == RolloutEngine.LLAMA_CPP) {
            if (expected != 1) {
                throw new IllegalStateException("llama.cpp's native endpoint draws one sample per request, not " + expected);
            }
            return List.of(llamaCpp(root));
        }
        JsonNode choices = root == null ? null : root.get("choices");
        if (choices == null || !choices.isArray()) {
            throw new IllegalArgumentException("the answer has no 'choices' list");
        }
        if (choices.size() != expected) {
            throw new IllegalArgumentException("the answer has " + choices.size() + " choices for " + expected + " samples");
        }
        List<JsonNode> ordered = new ArrayList<>();
        choices.forEach(ordered::add);
        ordered.sort(Comparator.comparingInt(c -> c.path("index").asInt(0)));
        List<Choice> out = new ArrayList<>(expected);
        for (JsonNode c : ordered) {
            out.add(choice(c));
        }
        return out;
    }

    private static Choice choice(JsonNode c) {
        JsonNode text = c.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("choice " + c.path("index").asInt() + " has no 'text'");
        }
        JsonNode logprobs = c.path("logprobs");
        int[] ids = null;
        float[] logProbs = null;
        if (logprobs.path("content").isArray()) { // llama.cpp: [{"id": 13, "token": "x", "logprob": -0.5, ...}]
            JsonNode content = logprobs.get("content");
            ids = new int[content.size()];
            logProbs = new float[content.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = requireInt(content.get(i).get("id"), "logprobs.content[" + i + "].id");
                logProbs[i] = logProb(content.get(i).get("logprob"));
            }
        } else if (logprobs.path("token_logprobs").isArray()) { // the OpenAI layout: vLLM, SGLang, others
            JsonNode values = logprobs.get("token_logprobs");
            logProbs = new float[values.size()];
            for (int i = 0; i < logProbs.length; i++) {
                logProbs[i] = logProb(values.get(i));
            }
            ids = idsInTokenStrings(logprobs.path("tokens"));
        }
        if (c.path("token_ids").isArray()) {
            JsonNode list = c.get("token_ids");
            ids = new int[list.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = requireInt(list.get(i), "token_ids[" + i + "]");
            }
        }
        JsonNode stopNode = c.has("stop_reason") ? c.get("stop_reason") : c.get("matched_stop");
        Object stop = stopNode == null || stopNode.isNull() ? null : stopNode.isIntegralNumber() ? (Object) stopNode.intValue()
                : stopNode.asText();
        return new Choice(text.asText(), ids, logProbs, c.path("finish_reason").asText(""), stop);
    }

    /**
     * llama.cpp's native answer: {@code tokens} holds every sampled id (EOS included), {@code
     * completion_probabilities} the same tokens' log-probabilities but for those after which the text
     * ended inside a UTF-8 character and those of a stop string; the two are matched by id, in order,
     * and a token without its entry gets NaN. {@code stop_type} says what ended it: {@code eos},
     * {@code word} (a stop string, {@code stopping_word}) or {@code limit}.
     */
    private static Choice llamaCpp(JsonNode root) {
        JsonNode content = root == null ? null : root.get("content");
        JsonNode tokens = root == null ? null : root.get("tokens");
        if (content == null || !content.isTextual() || tokens == null || !tokens.isArray()) {
            throw new IllegalArgumentException("the answer has no 'content' text and 'tokens' list"
                    + " (is it a llama.cpp server? name the engine with --rollout-engine)");
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = requireInt(tokens.get(i), "tokens[" + i + "]");
        }
        float[] logProbs = new float[ids.length];
        JsonNode probs = root.path("completion_probabilities");
        int p = 0;
        for (int i = 0; i < ids.length; i++) {
            if (p < probs.size() && probs.get(p).path("id").asInt(-1) == ids[i]) {
                logProbs[i] = logProb(probs.get(p++).get("logprob"));
            } else {
                logProbs[i] = Float.NaN;
            }
        }
        String stopType = root.path("stop_type").asText("");
        Object stop = stopType.equals("word") ? root.path("stopping_word").asText("") : null;
        String finish = stopType.equals("eos") || stopType.equals("word") ? "stop" : "length";
        return new Choice(content.asText(), ids, logProbs, finish, stop);
    }

    /** vLLM's {@code ["token_id:13", ...]} (with {@code return_tokens_as_token_ids}); null for plain token texts. */
    private static int[] idsInTokenStrings(JsonNode tokens) {
        if (!tokens.isArray() || tokens.isEmpty()) {
            return tokens.isArray() ? new int[0] : null;
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            Matcher m = TOKEN_ID.matcher(tokens.get(i).asText());
            if (!m.matches()) {
                return null;
            }
            ids[i] = Integer.parseInt(m.group(1));
        }
        return ids;
    }

    private static int requireInt(JsonNode n, String where) {
        if (n == null || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(where + " is not a token id: " + n);
        }
        return n.intValue();
    }

    /** A missing or null value (an engine's way of saying it has none) reads as NaN. */
    private static float logProb(JsonNode n) {
        return n == null || !n.isNumber() ? Float.NaN : (float) n.doubleValue();
    }
}
