package ai.sail.generate;

/**
 * One request to an engine: {@code count} samples of one prompt, answering rows
 * {@code firstRow .. firstRow + count - 1} of the batch.
 *
 * @param maxTokens new tokens allowed (the prompt's context budget)
 * @param seed the request's sampling seed, drawn from Sail's random stream so a run reproduces
 */
record CompletionJob(int firstRow, int count, int[] prompt, int maxTokens, int seed) {

    CompletionJob {
        if (count < 1 || maxTokens < 1 || seed < 0) {
            throw new IllegalArgumentException("bad completion job: count " + count + ", max tokens " + maxTokens
                    + ", seed " + seed);
        }
    }
}
