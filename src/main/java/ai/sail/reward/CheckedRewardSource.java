package ai.sail.reward;

import java.util.List;
import java.util.Objects;

/**
 * Enforces the {@link RewardSource} contract on a source Sail did not write or cannot fully trust
 * (a user's class, a model that can overflow): exactly one finite score per query. A broken source
 * then fails at once with its name, instead of shifting labels by one or poisoning a loss with NaN.
 */
final class CheckedRewardSource implements RewardSource {
    private final RewardSource inner;

    CheckedRewardSource(RewardSource inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        double[] scores = inner.score(queries);
        if (scores == null) {
            throw new IllegalStateException("reward source " + inner.describe() + " returned null");
        }
        if (scores.length != queries.size()) {
            throw new IllegalStateException("reward source " + inner.describe() + " returned " + scores.length
                    + " scores for " + queries.size() + " queries");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalStateException("reward source " + inner.describe() + " returned " + scores[i]
                        + " for query " + i);
            }
        }
        return scores;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
