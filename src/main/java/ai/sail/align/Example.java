package ai.sail.align;

import ai.sail.data.TokenizedPair;

/**
 * One example of a micro-batch after routing: a dataset pair (offline, SAIL-DP) or a prompt whose
 * two responses are still to be sampled (SAIL-PP, SAIL-PR).
 *
 * @param pair the dataset pair; null for a prompt-only example
 * @param prompt the prompt ids the responses follow
 * @param promptText the prompt as the data gave it, for reward sources that read text
 */
public record Example(Route route, TokenizedPair pair, int[] prompt, String promptText, String origin) {
    public Example {
        if (!route.sampled() && pair == null) {
            throw new IllegalArgumentException(route + " needs a dataset pair");
        }
    }
}
