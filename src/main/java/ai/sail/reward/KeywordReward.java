package ai.sail.reward;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code keywords:a,b,c}: rewards responses that use the listed words.
 *
 * <p>Score: (number of distinct listed keywords present in the response) / (number of distinct
 * keywords), in [0, 1]. Normalised so that lists of different lengths give comparable scores. A
 * keyword is present when it occurs as a whole word, ignoring case: not preceded or followed by a
 * letter, digit or underscore ({@code cat} matches "Cat!" but not "cats" or "concat"). A keyword may
 * hold spaces ({@code ice cream}); keywords are trimmed, and one listed twice (in any case) counts once.
 */
public final class KeywordReward implements RewardSource {
    private final Map<String, Pattern> keywords = new LinkedHashMap<>();

    public KeywordReward(List<String> words) {
        for (String raw : words) {
            String w = raw.strip();
            if (w.isEmpty()) {
                throw new IllegalArgumentException("keywords:a,b,c has an empty keyword in " + words);
            }
            keywords.computeIfAbsent(w.toLowerCase(Locale.ROOT), k -> Pattern.compile(
                    "(?<![\\p{L}\\p{N}_])" + Pattern.quote(w) + "(?![\\p{L}\\p{N}_])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException("keywords:a,b,c needs at least one keyword");
        }
    }

    /** Parses the comma-separated list of a {@code keywords:} spec. */
    public static KeywordReward parse(String list) {
        return new KeywordReward(List.of(list.split(",", -1)));
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        double[] out = new double[queries.size()];
        for (int i = 0; i < out.length; i++) {
            String response = queries.get(i).response();
            long present = keywords.values().stream().filter(p -> p.matcher(response).find()).count();
            out[i] = present / (double) keywords.size();
        }
        return out;
    }

    @Override
    public String describe() {
        return "keywords:" + String.join(",", new ArrayList<>(keywords.keySet()))
                + " (share of the keywords present as whole words, case-insensitive)";
    }
}
