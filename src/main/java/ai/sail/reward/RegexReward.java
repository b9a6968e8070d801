package ai.sail.reward;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex:PATTERN}: 1.0 when the response contains a match of the Java regular expression
 * ({@link java.util.regex.Matcher#find()}, so the pattern need not cover the whole response), else
 * 0.0. Flags go inside the pattern, e.g. {@code (?i)once upon a time}. For format rewards such as
 * "answers end with a final line" or "mentions a name".
 */
public final class RegexReward implements RewardSource {
    private final Pattern pattern;

    public RegexReward(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("regex:PATTERN needs a pattern");
        }
        try {
            this.pattern = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex:" + pattern + " is not a valid Java regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        double[] out = new double[queries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pattern.matcher(queries.get(i).response()).find() ? 1.0 : 0.0;
        }
        return out;
    }

    @Override
    public String describe() {
        return "regex:" + pattern.pattern() + " (1 if the response contains a match, else 0)";
    }
}
