package ai.sail.align;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Endless, reproducible passes over a list: each epoch a fresh permutation drawn from
 * {@code seed} and the epoch number, so the position ({@link #epoch}, {@link #index}) is all a
 * checkpoint needs to continue exactly.
 */
public final class ExampleStream<T> {
    private final List<T> items;
    private final long seed;
    private int epoch;
    private int index;
    private List<Integer> order;

    public ExampleStream(List<T> items, long seed) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no examples to train on");
        }
        this.items = List.copyOf(items);
        this.seed = seed;
        this.order = permutation(0);
    }

    public T next() {
        if (index == items.size()) {
            epoch++;
            index = 0;
            order = permutation(epoch);
        }
        return items.get(order.get(index++));
    }

    /** Completed passes plus the share of the current one. */
    public double progress() {
        return epoch + (double) index / items.size();
    }

    public int epoch() {
        return epoch;
    }

    public int index() {
        return index;
    }

    public int size() {
        return items.size();
    }

    /** Moves to a saved position. */
    public void seek(int epoch, int index) {
        if (index < 0 || index > items.size()) {
            throw new IllegalArgumentException("data position " + index + " outside 0.." + items.size());
        }
        this.epoch = epoch;
        this.index = index;
        this.order = permutation(epoch);
    }

    private List<Integer> permutation(int e) {
        List<Integer> o = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            o.add(i);
        }
        Collections.shuffle(o, new Random(seed * 1_000_003L + e));
        return o;
    }
}
