package ai.sail.reward;

import ai.sail.http.RetryingClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a reward server's answer. Lenient about the shape, because servers written for the Python
 * tools differ: {@code {"rewards": [...]}} (OpenRLHF's key), {@code {"scores": [...]}}, a bare array,
 * and any of these with each reward wrapped in a one-element list ({@code [[0.3], [1.2]]}). Strict
 * about the content: exactly one finite number per query, since a missing, extra or NaN reward would
 * silently mislabel pairs. {@code NaN} and {@code Infinity} literals (what Python's json writes) are read
 * so that they can be reported as such rather than as a syntax error.
 */
final class RewardServerAnswer {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private RewardServerAnswer() {}

    /**
     * @param body the response body
     * @param expected the number of queries sent
     * @throws RewardUnavailableException (without the server name; the caller adds it) when the body is
     *     not JSON, has no rewards, has the wrong count or holds a non-number, NaN or infinity
     */
    static double[] parse(String body, int expected) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RewardUnavailableException("the answer is not valid JSON (" + e.getOriginalMessage()
                    + "): " + excerpt(body));
        }
        JsonNode list = rewardList(root, body);
        if (list.size() != expected) {
            throw new RewardUnavailableException("the answer has " + list.size() + " rewards for " + expected
                    + " queries");
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            JsonNode item = list.get(i);
            if (item.isArray() && item.size() == 1) {
                item = item.get(0);
            }
            if (!item.isNumber()) {
                throw new RewardUnavailableException("reward " + i + " is not a number: " + item);
            }
            out[i] = item.doubleValue();
            if (!Double.isFinite(out[i])) {
                throw new RewardUnavailableException("reward " + i + " is " + out[i]);
            }
        }
        return out;
    }

    private static JsonNode rewardList(JsonNode root, String body) {
        if (root == null || root.isMissingNode()) {
            throw new RewardUnavailableException("the answer is empty");
        }
        if (root.isArray()) {
            return root;
        }
        if (root.isObject()) {
            for (String key : new String[] {"rewards", "scores"}) {
                JsonNode list = root.get(key);
                if (list != null) {
                    if (!list.isArray()) {
                        throw new RewardUnavailableException("'" + key + "' is not a list: " + excerpt(body));
                    }
                    return list;
                }
            }
        }
        throw new RewardUnavailableException("the answer has neither 'rewards' nor 'scores' and is not a list: "
                + excerpt(body));
    }

    private static String excerpt(String body) {
        return RetryingClient.excerpt(body);
    }
}
