package ai.sail.text;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * SentencePiece BPE as llama.cpp's SPM tokenizer runs it. The text (already normalised: spaces as
 * {@code ▁}) starts as one symbol per character; a priority queue holds every adjacent pair whose
 * concatenation is a vocabulary piece, best score first and leftmost first among equal scores. The
 * best pair is merged, its neighbours are re-queued, and stale queue entries (one side already
 * merged away) are skipped. Symbols left that are not pieces fall back to one {@code <0xNN>} piece
 * per UTF-8 byte, or to the unknown piece (one per symbol) if the vocabulary has no byte pieces.
 */
final class SpmBpeEncoder {
    private record Bigram(int left, int right, float score, int length) {}

    private static final Comparator<Bigram> BEST_FIRST =
            Comparator.comparingDouble((Bigram b) -> -b.score()).thenComparingInt(Bigram::left);

    private final SpmVocabulary vocab;
    private final int unknownId;

    /** @param unknownId id emitted for text no piece covers, or -1 if the vocabulary has none */
    SpmBpeEncoder(SpmVocabulary vocab, int unknownId) {
        this.vocab = vocab;
        this.unknownId = unknownId;
    }

    void encode(String text, IntStream.Builder out) {
        if (text.isEmpty()) {
            return;
        }
        int n = text.codePointCount(0, text.length());
        // The symbols as a linked list over the text: start (in chars), length (0 once merged away), neighbours.
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, pos = 0; i < n; i++) {
            start[i] = pos;
            length[i] = Character.charCount(text.codePointAt(pos));
            pos += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        PriorityQueue<Bigram> queue = new PriorityQueue<>(BEST_FIRST);
        for (int i = 1; i < n; i++) {
            offer(queue, text, start, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram b = queue.poll();
            int left = b.left();
            int right = b.right();
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != b.length()) {
                continue; // stale: one side has merged with something else since this pair was queued
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            offer(queue, text, start, length, prev[left], left);
            offer(queue, text, start, length, left, next[left]);
        }

        for (int i = 0; i != -1; i = next[i]) {
            emit(text.substring(start[i], start[i] + length[i]), out);
        }
    }

    private void offer(PriorityQueue<Bigram> queue, String text, int[] start, int[] length, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        int merged = length[left] + length[right];
        int id = vocab.mergeTarget(text.substring(start[left], start[left] + merged));
        if (id >= 0) {
            queue.add(new Bigram(left, right, vocab.score(id), merged));
        }
    }

    private void emit(String symbol, IntStream.Builder out) {
        int id = vocab.mergeTarget(symbol);
        if (id >= 0) {
            out.add(id);
            return;
        }
        if (!vocab.hasByteFallback()) {
            out.add(requireUnknown(symbol));
            return;
        }
        for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
            int byteId = vocab.byteId(b & 0xFF);
            out.add(byteId >= 0 ? byteId : requireUnknown(symbol));
        }
    }

    private int requireUnknown(String symbol) {
        if (unknownId < 0) {
            throw new IllegalArgumentException("cannot encode '" + symbol
                    + "': no piece covers it and the vocabulary has neither byte pieces nor an unknown piece");
        }
        return unknownId;
    }
}
