package ai.sail.align;

import java.util.Random;

/**
 * {@link Random} with the same generator (the 48-bit linear congruential one, so a seed gives the
 * same numbers as {@code new Random(seed)}) but with its state readable and settable as plain
 * numbers. A checkpoint stores these numbers as text; nothing is ever deserialised as a Java object,
 * because checkpoints come from other people.
 */
final class SeededRandom extends Random {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private long state;
    private boolean haveNextGaussian;
    private double nextGaussian;

    SeededRandom(long seed) {
        super(seed); // calls setSeed below
    }

    /** The generator at a saved state ({@link #state()}). */
    static SeededRandom at(String saved, String name) {
        String[] parts = saved.split(",", -1);
        try {
            long s = Long.parseLong(parts[0].trim());
            if (s < 0 || s > MASK || parts.length > 2) {
                throw new NumberFormatException();
            }
            SeededRandom r = new SeededRandom(0);
            r.state = s;
            if (parts.length == 2) {
                r.haveNextGaussian = true;
                r.nextGaussian = Double.parseDouble(parts[1].trim());
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trainer state: random stream '" + name
                    + "' must be a 48-bit state number (optionally ',' and a cached Gaussian), got '"
                    + (saved.length() > 40 ? saved.substring(0, 40) + "..." : saved) + "'");
        }
    }

    /** The exact state as text: the 48-bit number, and the cached Gaussian when there is one. */
    String state() {
        return haveNextGaussian ? state + "," + nextGaussian : Long.toString(state);
    }

    @Override
    public synchronized void setSeed(long seed) {
        state = (seed ^ MULTIPLIER) & MASK;
        haveNextGaussian = false;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    /** The polar method, as {@link Random#nextGaussian}, with its cached second value kept here. */
    @Override
    public synchronized double nextGaussian() {
        if (haveNextGaussian) {
            haveNextGaussian = false;
            return nextGaussian;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextGaussian = v2 * multiplier;
        haveNextGaussian = true;
        return v1 * multiplier;
    }
}
