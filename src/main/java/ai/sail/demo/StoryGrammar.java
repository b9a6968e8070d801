package ai.sail.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A tiny grammar of children's stories: a neutral opening, then three to six sentences that are
 * happy, sad or neutral, then "the end". Each story has a mood (the chance that a feeling sentence
 * is happy), drawn from a spread, so a model trained on the corpus continues a neutral opening
 * happily sometimes and sadly other times: preferences between its own samples carry information.
 * Lower case, words and full stops separated by spaces, so a word-level tokenizer reads it exactly.
 */
public final class StoryGrammar {
    static final List<String> NAMES = List.of("lily", "tom", "sam", "mia", "ben", "anna", "max", "lucy", "the dog",
            "the cat", "the bird");
    static final List<String> PLACES = List.of("park", "garden", "house", "forest", "school", "beach", "farm", "river");
    static final List<String> THINGS = List.of("ball", "kite", "toy", "cake", "book", "hat", "boat", "box", "flower");

    static final List<String> OPENINGS = List.of(
            "one day {n} went to the {p} .",
            "{n} lived near the {p} .",
            "{n} had a {t} .",
            "in the morning {n} saw a {t} at the {p} .");
    static final List<String> HAPPY = List.of(
            "{n} was happy .",
            "{n} smiled and laughed .",
            "{n} played with {f} and they had fun .",
            "{n} found a nice {t} .",
            "{f} was kind and helped {n} .",
            "{n} loved the {t} .",
            "they shared the {t} and felt glad .",
            "{n} hugged {f} .",
            "it was a great day .",
            "{n} was not sad .");
    static final List<String> SAD = List.of(
            "{n} was sad .",
            "{n} cried .",
            "{n} lost the {t} .",
            "the {t} broke and {n} was upset .",
            "{n} was scared and lonely .",
            "{f} was angry at {n} .",
            "{n} fell and got hurt .",
            "it was a bad day .",
            "{n} was not happy .");
    static final List<String> NEUTRAL = List.of(
            "{n} walked to the {p} .",
            "{n} looked at the {t} .",
            "then {n} went home .",
            "{f} came to the {p} .",
            "the {t} was red .");
    static final String ENDING = "the end .";
    private static final double[] MOODS = {0.15, 0.35, 0.5, 0.65, 0.85};

    private StoryGrammar() {}

    /** Every distinct opening, in a fixed order: the pool that prompts are drawn from. */
    public static List<String> allOpenings() {
        TreeSet<String> out = new TreeSet<>();
        for (String template : OPENINGS) {
            for (String n : NAMES) {
                for (String p : PLACES) {
                    for (String t : THINGS) {
                        out.add(fill(template, n, n, p, t));
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** One story (opening and continuation) drawn from {@code rng}. */
    public static String story(Random rng) {
        String name = pick(NAMES, rng);
        String friend = pick(NAMES, rng);
        while (friend.equals(name)) {
            friend = pick(NAMES, rng);
        }
        String place = pick(PLACES, rng);
        String thing = pick(THINGS, rng);
        StringBuilder s = new StringBuilder(fill(pick(OPENINGS, rng), name, friend, place, thing));
        double mood = MOODS[rng.nextInt(MOODS.length)];
        int sentences = 3 + rng.nextInt(4);
        for (int i = 0; i < sentences; i++) {
            List<String> kind = rng.nextDouble() < 0.3 ? NEUTRAL : rng.nextDouble() < mood ? HAPPY : SAD;
            s.append(' ').append(fill(pick(kind, rng), name, friend, place, thing));
        }
        return s.append(' ').append(ENDING).toString();
    }

    /** Every word the grammar can produce, sorted: the demo tokenizer's vocabulary. */
    public static List<String> vocabulary() {
        TreeSet<String> words = new TreeSet<>();
        List<String> all = new ArrayList<>();
        all.addAll(OPENINGS);
        all.addAll(HAPPY);
        all.addAll(SAD);
        all.addAll(NEUTRAL);
        all.add(ENDING);
        all.addAll(NAMES);
        all.addAll(PLACES);
        all.addAll(THINGS);
        for (String text : all) {
            for (String w : text.split(" ")) {
                if (!w.startsWith("{")) {
                    words.add(w);
                }
            }
        }
        return new ArrayList<>(words);
    }

    private static String fill(String template, String name, String friend, String place, String thing) {
        return template.replace("{n}", name).replace("{f}", friend).replace("{p}", place).replace("{t}", thing);
    }

    private static String pick(List<String> options, Random rng) {
        return options.get(rng.nextInt(options.size()));
    }
}
