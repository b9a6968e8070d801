package ai.sail.align;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The run's independent random streams, each seeded from the run seed, so that changing how often
 * one is used (e.g. more sampled tokens) does not shift the others. Their exact states go into
 * every checkpoint: a resumed run continues the same streams.
 */
public final class RandomStreams {
    /** Routes examples to offline / DP / PP / PR. */
    public final Random routing;
    /** Policy self-labelling draws. */
    public final Random labels;
    /** Token sampling of online responses. */
    public final Random sampling;
    /** Random pairing in iterative DPO. */
    public final Random pairing;

    public RandomStreams(long seed) {
        routing = new Random(seed ^ 0x5A11_0001L);
        labels = new Random(seed ^ 0x5A11_0002L);
        sampling = new Random(seed ^ 0x5A11_0003L);
        pairing = new Random(seed ^ 0x5A11_0004L);
    }

    private RandomStreams(Random routing, Random labels, Random sampling, Random pairing) {
        this.routing = routing;
        this.labels = labels;
        this.sampling = sampling;
        this.pairing = pairing;
    }

    /** Each stream's exact state, as text for a JSON file. */
    public Map<String, String> save() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("routing", encode(routing));
        m.put("labels", encode(labels));
        m.put("sampling", encode(sampling));
        m.put("pairing", encode(pairing));
        return m;
    }

    public static RandomStreams restore(Map<String, String> saved) {
        return new RandomStreams(decode(saved, "routing"), decode(saved, "labels"), decode(saved, "sampling"),
                decode(saved, "pairing"));
    }

    private static String encode(Random r) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
            out.flush();
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Random decode(Map<String, String> saved, String name) {
        String text = saved.get(name);
        if (text == null) {
            throw new IllegalArgumentException("trainer state lacks the random stream '" + name + "'");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            Object o = in.readObject();
            if (o.getClass() != Random.class) {
                throw new IllegalArgumentException("trainer state: random stream '" + name + "' is not a java.util.Random");
            }
            return (Random) o;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("trainer state: cannot restore random stream '" + name + "': " + e.getMessage(), e);
        }
    }
}
