package ai.sail.eval;

import ai.sail.report.ProgressBar;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Told how far sampling has got, so a command can show progress while the evaluator stays silent in
 * tests and library use.
 */
@FunctionalInterface
public interface SamplingProgress {
    SamplingProgress NONE = (phase, done, total) -> {};

    /**
     * @param phase what is being sampled, e.g. {@code baseline} or {@code policy}
     * @param done responses drawn so far in this phase
     * @param total responses this phase draws
     */
    void update(String phase, int done, int total);

    /** A console {@link ProgressBar} on {@code out} per phase, started afresh each time a phase starts at 0. */
    static SamplingProgress bars(PrintStream out) {
        Map<String, ProgressBar> bars = new HashMap<>();
        return (phase, done, total) -> {
            if (done == 0 || !bars.containsKey(phase)) {
                bars.put(phase, new ProgressBar("sampling " + phase, total, "responses", out));
            }
            bars.get(phase).update(done);
        };
    }
}
