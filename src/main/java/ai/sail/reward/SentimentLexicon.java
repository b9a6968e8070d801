package ai.sail.reward;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Word polarities (+1 or -1) read from a lexicon file: one {@code word<TAB>+1} or {@code word<TAB>-1}
 * per line, {@code #} comments and blank lines ignored. The built-in one
 * ({@code sentiment-lexicon.txt} next to this class) is hand-written for Sail and ships in the jar,
 * so the sentiment reward works offline and gives the same scores everywhere.
 */
public final class SentimentLexicon {
    private static final String BUILT_IN = "sentiment-lexicon.txt";

    private final Map<String, Integer> polarity;

    private SentimentLexicon(Map<String, Integer> polarity) {
        this.polarity = Map.copyOf(polarity);
    }

    /** The lexicon shipped with Sail. */
    public static SentimentLexicon builtIn() {
        try (InputStream in = SentimentLexicon.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the built-in sentiment lexicon " + BUILT_IN
                        + " is missing from the class path");
            }
            return read(in, BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in sentiment lexicon: " + e.getMessage(), e);
        }
    }

    /** Reads a lexicon; {@code name} appears in errors, which give the line number. */
    public static SentimentLexicon read(InputStream in, String name) throws IOException {
        Map<String, Integer> polarity = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 2 || !(fields[1].equals("+1") || fields[1].equals("-1"))
                    || fields[0].isEmpty() || !fields[0].equals(fields[0].toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + " line " + lineNumber
                        + ": expected a lower-case word, a tab and +1 or -1, got '" + line + "'");
            }
            if (polarity.put(fields[0], fields[1].equals("+1") ? 1 : -1) != null) {
                throw new IllegalArgumentException(name + " line " + lineNumber + ": '" + fields[0]
                        + "' is listed twice");
            }
        }
        if (polarity.isEmpty()) {
            throw new IllegalArgumentException(name + " holds no words");
        }
        return new SentimentLexicon(polarity);
    }

    /** +1 or -1 for a lower-case word in the lexicon, empty otherwise. */
    public Optional<Integer> polarity(String word) {
        return Optional.ofNullable(polarity.get(word));
    }

    public int size() {
        return polarity.size();
    }
}
