package ai.sail.reward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request to {@link RewardServer}: the body {@link RewardServerClient} sends, OpenRLHF's
 * convention, {@code {"query": [prompt + response, ...], "prompts": [prompt, ...], "labels": [...]}}.
 *
 * <p>A local source is handed each prompt and response apart ({@link RewardQuery}), and some sources
 * use the prompt (a reward model formats the two with its chat template), so the response is cut back
 * out of the query: {@code query[i]} must start with {@code prompts[i]}, and the rest of it is the
 * response. A served source then sees exactly the texts the client's trainer had, and scores them as
 * it would locally. Without {@code prompts} (older OpenRLHF clients send the query alone) each query is
 * a response to an empty prompt. {@code labels} are read by nothing: a {@link RewardQuery} has none.
 * Anything else is refused with a message that says what was expected, since guessing would score
 * texts the client did not mean.
 */
record RewardRequest(List<RewardQuery> queries) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shape of a valid body, for error messages. */
    static final String EXPECTED = "expected a JSON object {\"query\": [prompt + response, ...],"
            + " \"prompts\": [prompt, ...], \"labels\": [...]} (prompts and labels optional)";

    RewardRequest {
        queries = List.copyOf(queries);
    }

    /** @throws IllegalArgumentException naming what is wrong and what was expected */
    static RewardRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON (" + e.getOriginalMessage() + "); " + EXPECTED);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body cannot be read (" + e.getMessage() + "); " + EXPECTED);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("the body is empty; " + EXPECTED);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the body is a JSON " + kind(root) + "; " + EXPECTED);
        }
        List<String> texts = strings(root, "query");
        if (texts == null) {
            throw new IllegalArgumentException("the body has no \"query\"; " + EXPECTED);
        }
        List<String> prompts = strings(root, "prompts");
        if (prompts != null && prompts.size() != texts.size()) {
            throw new IllegalArgumentException("\"prompts\" has " + prompts.size() + " entries for " + texts.size()
                    + " queries; expected one prompt per query");
        }
        List<RewardQuery> queries = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String prompt = prompts == null ? "" : prompts.get(i);
            String text = texts.get(i);
            if (!text.startsWith(prompt)) {
                throw new IllegalArgumentException("query " + i + " does not start with prompts[" + i + "]; expected"
                        + " each query to be its prompt followed by the response");
            }
            queries.add(RewardQuery.text(prompt, text.substring(prompt.length())));
        }
        return new RewardRequest(queries);
    }

    /** The list of strings under {@code field}; null when absent; an error when it is anything else. */
    private static List<String> strings(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || (node.isNull() && !field.equals("query"))) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" is a JSON " + kind(node) + "; expected a list of strings");
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new IllegalArgumentException("\"" + field + "\"[" + i + "] is a JSON " + kind(node.get(i))
                        + "; expected a string");
            }
            out.add(node.get(i).asText());
        }
        return out;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
