package ai.sail.data;

import java.util.List;

/**
 * Preference pairs as token ids, with how often truncation struck: a user whose data is mostly cut
 * short should raise the length limits, and the counts are what tells them.
 *
 * @param examples pairs given
 * @param promptsTruncated pairs whose prompt was cut to the prompt budget
 * @param responsesTruncated pairs with at least one response cut at its end
 * @param dropped pairs left out because a response kept none of its own tokens
 * @param droppedOrigins where the first few dropped pairs came from
 */
public record PairTokenization(
        List<TokenizedPair> pairs,
        int examples,
        int promptsTruncated,
        int responsesTruncated,
        int dropped,
        List<String> droppedOrigins) {
    public PairTokenization {
        pairs = List.copyOf(pairs);
        droppedOrigins = List.copyOf(droppedOrigins);
        if (pairs.size() + dropped != examples) {
            throw new IllegalArgumentException(examples + " pairs given, but " + pairs.size() + " kept and " + dropped
                    + " dropped");
        }
    }

    /** One line for the log: {@code 299 pairs: 12 prompts truncated, 3 responses truncated, 0 dropped}. */
    public String summary() {
        return examples + " pairs: " + promptsTruncated + " prompts truncated, " + responsesTruncated
                + " responses truncated, " + dropped + " dropped"
                + (droppedOrigins.isEmpty() ? "" : " (first: " + droppedOrigins.get(0) + ")");
    }
}
