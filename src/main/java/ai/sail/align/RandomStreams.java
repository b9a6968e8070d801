package ai.sail.align;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's independent random streams, each seeded from the run seed, so that changing how often
 * one is used (e.g. more sampled tokens) does not shift the others. Their exact states go into
 * every checkpoint, as plain numbers ({@link SeededRandom}): a resumed run continues the same streams.
 */
public final class RandomStreams {
    /** Routes examples to offline / DP / PP / PR. */
    public final SeededRandom routing;
    /** Policy self-labelling draws. */
    public final SeededRandom labels;
    /** Token sampling of online responses. */
    public final SeededRandom sampling;
    /** Random pairing in iterative DPO. */
    public final SeededRandom pairing;

    public RandomStreams(long seed) {
        this(new SeededRandom(seed ^ 0x5A11_0001L), new SeededRandom(seed ^ 0x5A11_0002L),
                new SeededRandom(seed ^ 0x5A11_0003L), new SeededRandom(seed ^ 0x5A11_0004L));
    }

    private RandomStreams(SeededRandom routing, SeededRandom labels, SeededRandom sampling, SeededRandom pairing) {
        this.routing = routing;
        this.labels = labels;
        this.sampling = sampling;
        this.pairing = pairing;
    }

    /** Each stream's exact state, as plain numbers in text for a JSON file. */
    public Map<String, String> save() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("routing", routing.state());
        m.put("labels", labels.state());
        m.put("sampling", sampling.state());
        m.put("pairing", pairing.state());
        return m;
    }

    public static RandomStreams restore(Map<String, String> saved) {
        return new RandomStreams(stream(saved, "routing"), stream(saved, "labels"), stream(saved, "sampling"),
                stream(saved, "pairing"));
    }

    private static SeededRandom stream(Map<String, String> saved, String name) {
        String text = saved == null ? null : saved.get(name);
        if (text == null) {
            throw new IllegalArgumentException("trainer state lacks the random stream '" + name + "'");
        }
        return SeededRandom.at(text, name);
    }
}
