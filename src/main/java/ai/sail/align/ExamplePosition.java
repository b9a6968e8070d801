package ai.sail.align;

import ai.sail.data.TokenizedPair;
import java.util.List;

/**
 * Where an {@link ExampleSource} stands: enough for a resumed run to draw the same examples.
 *
 * @param pairEpoch pass over the preference pairs (or the round's pairs)
 * @param pairIndex position within that pass
 * @param promptEpoch pass over the prompt-only data
 * @param promptIndex position within that pass
 * @param round iterative DPO: the current round (-1 otherwise)
 * @param roundPairs iterative DPO: the current round's pairs (the pair position then refers to them)
 */
record ExamplePosition(int pairEpoch, int pairIndex, int promptEpoch, int promptIndex, int round,
        List<TokenizedPair> roundPairs) {}
