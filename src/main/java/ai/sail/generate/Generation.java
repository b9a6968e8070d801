package ai.sail.generate;

/**
 * One generated response.
 *
 * @param prompt the prompt's token ids
 * @param tokens the generated ids, EOS included when the model produced it
 * @param logProbs per generated token, its log-probability under the model (temperature 1, no
 *     filtering): the same number the scoring path gives, which is what the losses use
 * @param text the decoded response (special tokens skipped), cut before a stop string if one matched
 * @param endedWithEos whether the last token is an EOS id
 * @param stoppedByString whether a stop string ended the sequence
 * @param engine where a serving engine drew it, with the engine's own log-probabilities; null for a
 *     response of the in-process sampler
 */
public record Generation(int[] prompt, int[] tokens, float[] logProbs, String text, boolean endedWithEos,
        boolean stoppedByString, EngineSample engine) {

    /** A response of the in-process sampler. */
    public Generation(int[] prompt, int[] tokens, float[] logProbs, String text, boolean endedWithEos,
            boolean stoppedByString) {
        this(prompt, tokens, logProbs, text, endedWithEos, stoppedByString, null);
    }

    public double sumLogProb() {
        double s = 0;
        for (float v : logProbs) {
            s += v;
        }
        return s;
    }
}
