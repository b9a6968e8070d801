package ai.sail.data;

import ai.sail.config.Choice;
import java.util.Arrays;

/**
 * Which part of a prompt survives when it is longer than the prompt budget. Responses are always cut at
 * their end: their beginning is what the prompt asked for.
 */
public enum Truncation implements Choice {
    /** Keep the first tokens, dropping the end of the prompt (TRL's {@code keep_start}). */
    KEEP_START,
    /**
     * Keep the last tokens, dropping the beginning of the prompt (TRL's default, {@code keep_end}): the
     * end holds the question being answered and, with a chat template, the assistant header the response
     * continues from.
     */
    KEEP_END;

    /** {@code ids} cut to at most {@code limit} tokens, or {@code ids} itself when it fits. */
    int[] apply(int[] ids, int limit) {
        if (ids.length <= limit) {
            return ids;
        }
        return this == KEEP_START
                ? Arrays.copyOfRange(ids, 0, limit)
                : Arrays.copyOfRange(ids, ids.length - limit, ids.length);
    }
}
