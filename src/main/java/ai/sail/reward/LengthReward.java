package ai.sail.reward;

import java.util.List;

/**
 * {@code length:N}: prefers responses about {@code N} characters long. A simple, model-free target
 * that makes length control visible in a demo and lets tests predict every label.
 *
 * <p>Score: {@code -|len - N| / N}, where {@code len} is the response's length in Unicode code
 * points. 0 at exactly {@code N}, -1 for an empty response, falling linearly on both sides
 * (a response of {@code 2N} characters also scores -1).
 */
public final class LengthReward implements RewardSource {
    private final int target;

    public LengthReward(int target) {
        if (target <= 0) {
            throw new IllegalArgumentException("length:N needs N > 0 characters, got " + target);
        }
        this.target = target;
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        double[] out = new double[queries.size()];
        for (int i = 0; i < out.length; i++) {
            String r = queries.get(i).response();
            int len = r.codePointCount(0, r.length());
            out[i] = -Math.abs(len - target) / (double) target;
        }
        return out;
    }

    @Override
    public String describe() {
        return "length:" + target + " (score = -|characters - " + target + "| / " + target + ")";
    }
}
