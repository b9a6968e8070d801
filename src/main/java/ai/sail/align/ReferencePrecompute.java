package ai.sail.align;

import ai.sail.data.TokenizedPair;
import ai.sail.io.AtomicWrite;
import ai.sail.report.ProgressBar;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores every dataset pair under the frozen reference once, before training, and keeps the
 * numbers in the run directory ({@code reference_logps.json}, keyed like {@link ReferenceModel}'s
 * cache by the pairs' token ids) so a resumed run does not pay for them again. Afterwards the
 * offline routes need no reference forward pass at all.
 */
final class ReferencePrecompute {
    static final String FILE = "reference_logps.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferencePrecompute() {}

    static void run(ReferenceModel reference, List<TokenizedPair> pairs, int batchSize, Path runDir, PrintStream log) {
        Path file = runDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                Map<String, float[]> saved = JSON.readValue(file.toFile(), new TypeReference<Map<String, float[]>>() {});
                reference.cache().putAll(saved);
                return;
            }
            ProgressBar bar = new ProgressBar("reference log-probs", pairs.size(), "pairs", log);
            for (int from = 0; from < pairs.size(); from += batchSize) {
                List<TokenizedPair> chunk = pairs.subList(from, Math.min(pairs.size(), from + batchSize));
                List<int[]> prompts = new ArrayList<>();
                List<int[]> firsts = new ArrayList<>();
                List<int[]> seconds = new ArrayList<>();
                List<Boolean> cacheable = new ArrayList<>();
                for (TokenizedPair p : chunk) {
                    prompts.add(p.prompt());
                    firsts.add(p.chosen());
                    seconds.add(p.rejected());
                    cacheable.add(true);
                }
                reference.score(prompts, firsts, seconds, cacheable);
                bar.update(from + chunk.size());
            }
            AtomicWrite.file(file, JSON.writeValueAsBytes(reference.cache()));
        } catch (IOException e) {
            throw new UncheckedIOException("reference log-probabilities in " + file + ": " + e.getMessage(), e);
        }
    }
}
