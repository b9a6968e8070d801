package ai.sail.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lexicon:sentiment}: how positive a response sounds under a word lexicon. A reward that needs
 * no model and no download, so the built-in demo can steer a story model towards happy stories and
 * every label can be checked by hand.
 *
 * <p>Definition:
 * <ol>
 *   <li>Curly apostrophes become {@code '}. The response is cut into clauses at any of
 *       {@code . , ; : ! ?} and line breaks.</li>
 *   <li>Words are maximal runs of letters and apostrophes, lower-cased, with apostrophes at either end
 *       removed ("Don't" is {@code don't}, "'happy'" is {@code happy}; digits and hyphens separate words).</li>
 *   <li>Each word in the lexicon contributes its polarity, +1 or -1; other words contribute 0.</li>
 *   <li>Negation: a lexicon word whose three preceding words in the same clause include a negator
 *       contributes the opposite polarity ("not happy" is -1, "never sad" is +1). One flip only,
 *       however many negators. Negators: {@value #NEGATOR_LIST}, and every word ending in
 *       {@code n't}.</li>
 *   <li>Score = (sum of the contributions) / max(1, number of words in the response). In [-1, 1];
 *       0 for a response with no words or no lexicon words.</li>
 * </ol>
 * Example: "Lily was not happy. She cried." has 6 words, contributions -1 (not happy) and -1 (cried):
 * score -2/6.
 */
public final class LexiconReward implements RewardSource {
    static final String NEGATOR_LIST = "not, no, never, nobody, nothing, none, neither, nor, cannot, without, "
            + "dont, didnt, doesnt, isnt, wasnt, arent, werent, cant, couldnt, wouldnt, shouldnt, wont, "
            + "hasnt, havent, hadnt";
    private static final Set<String> NEGATORS = Set.of(NEGATOR_LIST.split(", "));
    private static final int NEGATION_WINDOW = 3;
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[.,;:!?\\r\\n]");
    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");

    private final String name;
    private final SentimentLexicon lexicon;

    /** @param name the lexicon's name in {@link #describe()}, e.g. {@code sentiment} */
    public LexiconReward(String name, SentimentLexicon lexicon) {
        this.name = name;
        this.lexicon = lexicon;
    }

    /** {@code lexicon:sentiment} with the built-in lexicon. */
    public static LexiconReward sentiment() {
        return new LexiconReward("sentiment", SentimentLexicon.builtIn());
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        double[] out = new double[queries.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = score(queries.get(i).response());
        }
        return out;
    }

    /** The score of one text, as defined in the class comment. */
    public double score(String text) {
        int words = 0;
        int sum = 0;
        for (String clause : CLAUSE_BREAK.split(text.replace('\u2019', '\'').replace('\u2018', '\''), -1)) {
            List<String> tokens = words(clause);
            words += tokens.size();
            for (int i = 0; i < tokens.size(); i++) {
                int p = lexicon.polarity(tokens.get(i)).orElse(0);
                sum += negated(tokens, i) ? -p : p;
            }
        }
        return sum / (double) Math.max(1, words);
    }

    private static List<String> words(String clause) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(clause.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group().replaceAll("^'+|'+$", "");
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static boolean negated(List<String> tokens, int index) {
        for (int j = Math.max(0, index - NEGATION_WINDOW); j < index; j++) {
            String w = tokens.get(j);
            if (NEGATORS.contains(w) || w.endsWith("n't")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        return "lexicon:" + name + " (" + lexicon.size() + " words; (positive - negative, negation flips) / words)";
    }
}
