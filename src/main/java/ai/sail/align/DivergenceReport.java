package ai.sail.align;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The diagnostic printed when training diverges: the step, which loss term is not finite, and for
 * which examples, so a user can find the offending rows instead of guessing.
 */
final class DivergenceReport {
    private DivergenceReport() {}

    static String forLoss(int step, float total, PreferenceLoss.Result r, List<String> origins) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "training diverged at step %d: the loss is %s (no weight was changed)%n", step, total));
        List<String> terms = new ArrayList<>();
        check(terms, "preference", r.base(), origins);
        check(terms, "sail label term", r.label(), origins);
        check(terms, "sail sampling term", r.sample(), origins);
        check(terms, "nll term", r.nll(), origins);
        check(terms, "margin h", r.h(), origins);
        if (terms.isEmpty()) {
            terms.add("  every per-pair term is finite; the mean overflowed");
        }
        terms.forEach(t -> s.append(t).append(System.lineSeparator()));
        return s.toString().stripTrailing();
    }

    static String forGradient(int step, double norm) {
        return String.format(Locale.ROOT, "training diverged at step %d: the gradient norm is %s after backward"
                + " (no weight was changed); lower --learning-rate or set --max-grad-norm", step, norm);
    }

    private static void check(List<String> out, String term, float[] values, List<String> origins) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                out.add("  " + term + " = " + values[i] + " for " + origins.get(i));
            }
        }
    }
}
