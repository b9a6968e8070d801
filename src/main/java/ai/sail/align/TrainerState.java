package ai.sail.align;

import ai.sail.data.TokenizedPair;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint must hold besides weights and optimizer moments for a resumed run to continue
 * exactly: the update count, the data positions, every random stream, and iterative DPO's pending
 * round of pairs. Saved as {@code trainer_state.json}: plain numbers and text only.
 *
 * @param step updates done
 * @param pairEpoch pass over the preference pairs
 * @param pairIndex position within that pass
 * @param promptEpoch pass over the prompt-only data
 * @param promptIndex position within that pass
 * @param random each random stream's state
 * @param round iterative DPO: the current round (-1 otherwise)
 * @param roundPairs iterative DPO: the current round's pairs (the pair position then refers to them)
 */
public record TrainerState(int step, int pairEpoch, int pairIndex, int promptEpoch, int promptIndex,
        Map<String, String> random, int round, List<TokenizedPair> roundPairs) {

    static TrainerState of(int step, ExamplePosition p, Map<String, String> random) {
        return new TrainerState(step, p.pairEpoch(), p.pairIndex(), p.promptEpoch(), p.promptIndex(), random,
                p.round(), p.roundPairs());
    }

    ExamplePosition position() {
        return new ExamplePosition(pairEpoch, pairIndex, promptEpoch, promptIndex, round, roundPairs);
    }
}
