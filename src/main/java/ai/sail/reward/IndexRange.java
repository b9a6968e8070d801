package ai.sail.reward;

import java.util.ArrayList;
import java.util.List;

/**
 * A contiguous run {@code [from, to)} of query indices. Batches are cut into such runs twice: into
 * fixed-size forward passes for model-based rewards and into one share per server for remote ones;
 * keeping the runs contiguous is what lets the pieces' scores be concatenated back in query order.
 */
record IndexRange(int from, int to) {

    IndexRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad index range [" + from + ", " + to + ")");
        }
    }

    int size() {
        return to - from;
    }

    /** Runs of {@code size} indices covering {@code [0, total)}; the last may be shorter. */
    static List<IndexRange> chunks(int total, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chunk size must be > 0, got " + size);
        }
        List<IndexRange> out = new ArrayList<>();
        for (int from = 0; from < total; from += size) {
            out.add(new IndexRange(from, Math.min(total, from + size)));
        }
        return out;
    }

    /**
     * {@code [0, total)} cut into at most {@code parts} non-empty runs whose sizes differ by at most one,
     * the longer ones first (7 over 3 parts: 3, 2, 2). Fewer runs when {@code total < parts}.
     */
    static List<IndexRange> split(int total, int parts) {
        if (parts <= 0) {
            throw new IllegalArgumentException("parts must be > 0, got " + parts);
        }
        List<IndexRange> out = new ArrayList<>();
        int base = total / parts;
        int extra = total % parts;
        int from = 0;
        for (int p = 0; p < parts && from < total; p++) {
            int size = base + (p < extra ? 1 : 0);
            out.add(new IndexRange(from, from + size));
            from += size;
        }
        return out;
    }
}
