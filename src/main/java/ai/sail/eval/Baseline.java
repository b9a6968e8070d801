package ai.sail.eval;

import ai.sail.generate.Generation;
import java.util.Arrays;
import java.util.List;

/**
 * The reference model's responses to the evaluation prompts and their gold rewards: what every policy's
 * win rate is measured against. Computed once ({@link Evaluator#baseline}) and reused for each policy
 * compared, so every policy meets the same opponents.
 *
 * @param promptIds the prompts' token ids, one entry per prompt
 * @param responses {@code samplesPerPrompt} responses per prompt, prompt by prompt (response {@code i}
 *     answers prompt {@code i / samplesPerPrompt})
 * @param rewards the gold reward of each response, in the same order
 */
public record Baseline(List<int[]> promptIds, List<Generation> responses, double[] rewards) {

    public Baseline {
        promptIds = List.copyOf(promptIds);
        responses = List.copyOf(responses);
        rewards = rewards.clone();
        if (promptIds.isEmpty() || responses.size() % promptIds.size() != 0 || responses.size() < promptIds.size()) {
            throw new IllegalArgumentException(responses.size() + " baseline responses do not divide evenly over "
                    + promptIds.size() + " prompts");
        }
        if (rewards.length != responses.size()) {
            throw new IllegalArgumentException(responses.size() + " baseline responses but " + rewards.length + " rewards");
        }
        int k = responses.size() / promptIds.size();
        for (int i = 0; i < responses.size(); i++) {
            if (!Arrays.equals(responses.get(i).prompt(), promptIds.get(i / k))) {
                throw new IllegalArgumentException("baseline response " + i + " does not answer prompt " + (i / k));
            }
        }
    }

    public int samplesPerPrompt() {
        return responses.size() / promptIds.size();
    }

    @Override
    public double[] rewards() {
        return rewards.clone();
    }
}
