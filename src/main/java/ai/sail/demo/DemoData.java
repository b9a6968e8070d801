package ai.sail.demo;

import ai.sail.data.DatasetReader;
import ai.sail.data.PromptExample;
import ai.sail.data.TokenizedPrompt;
import ai.sail.generate.Generation;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.Generator;
import ai.sail.generate.SamplingSettings;
import ai.sail.io.AtomicWrite;
import ai.sail.model.LanguageModel;
import ai.sail.report.ProgressBar;
import ai.sail.reward.RewardQuery;
import ai.sail.reward.RewardSource;
import ai.sail.text.ChatMessage;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The demo's data: a training / held-out split of the prompts (the built-in story openings or a
 * user's file), written as prompt files every method reads, and the offline preference pairs: two
 * samples of the base model per training prompt, labelled by the gold reward (ties dropped).
 */
final class DemoData {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SPLIT_SEED = 20240615L;

    private DemoData() {}

    record Split(List<Prompt> train, List<Prompt> heldOut) {}

    /**
     * Disjoint training and held-out prompts, the same for every arm and seed: the user's evaluation
     * file when given, else a fixed share of the pool held out.
     */
    static Split split(DemoSettings s) {
        List<Prompt> pool = s.prompts() == null ? builtInOpenings() : read(s.prompts());
        if (s.heldOutPrompts() != null) {
            List<Prompt> heldOut = read(s.heldOutPrompts());
            return new Split(pool.subList(0, Math.min(s.trainPrompts(), pool.size())),
                    heldOut.subList(0, Math.min(s.evalPrompts(), heldOut.size())));
        }
        Collections.shuffle(pool, new Random(SPLIT_SEED));
        int heldOut = Math.min(s.evalPrompts(), pool.size() / 4);
        int train = Math.min(s.trainPrompts(), pool.size() - heldOut);
        if (heldOut < 1 || train < 1) {
            throw new IllegalArgumentException("the demo needs at least 4 distinct prompts to hold some out, found "
                    + pool.size() + " in " + s.prompts() + " (or give --eval-prompts)");
        }
        return new Split(pool.subList(heldOut, heldOut + train), pool.subList(0, heldOut));
    }

    private static List<Prompt> builtInOpenings() {
        List<Prompt> pool = new ArrayList<>();
        StoryGrammar.allOpenings().forEach(o -> pool.add(Prompt.text(o)));
        return pool;
    }

    private static List<Prompt> read(String file) {
        List<Prompt> pool = new ArrayList<>();
        for (PromptExample e : DatasetReader.strict().prompts(Path.of(file)).examples()) {
            pool.add(e.prompt());
        }
        return pool;
    }

    static void writePrompts(List<Prompt> prompts, Path file) {
        List<String> lines = new ArrayList<>();
        for (Prompt p : prompts) {
            lines.add(json(Map.of(p.text() != null ? "prompt" : "messages", promptValue(p))));
        }
        write(file, lines);
    }

    /** What writing the offline pairs gave: prompts whose two samples tied, and labels against the gold reward. */
    record PairCounts(int ties, int flipped) {}

    /**
     * Offline pairs: two base-model samples per training prompt, labelled as {@code source} says (the
     * higher gold reward, or a noisy Bradley-Terry draw). Ties give no pair.
     */
    static PairCounts writeOfflinePairs(LanguageModel base, List<TokenizedPrompt> prompts, List<Prompt> texts,
            RewardSource gold, int maxNewTokens, OfflinePairSource source, long seed, Path file, PrintStream log) {
        Generator generator = new Generator(base.decoder(), ids -> base.tokenizer().decode(ids, true));
        GenerationSettings settings = new GenerationSettings(maxNewTokens,
                new SamplingSettings((float) source.temperature(), 0, 1f), new HashSet<>(base.eosIds()), List.of(), seed);
        Random rng = new Random(seed);
        Random labels = new Random(seed ^ 0x1abe15L);
        List<String> lines = new ArrayList<>();
        int ties = 0;
        int flipped = 0;
        ProgressBar bar = new ProgressBar("offline pairs", prompts.size(), "prompts", log);
        int chunk = 16;
        for (int from = 0; from < prompts.size(); from += chunk) {
            int to = Math.min(prompts.size(), from + chunk);
            List<int[]> rows = new ArrayList<>();
            List<RewardQuery> queries = new ArrayList<>();
            for (int i = from; i < to; i++) {
                rows.add(prompts.get(i).prompt());
                rows.add(prompts.get(i).prompt());
            }
            List<Generation> samples = generator.generate(rows, settings, rng);
            for (int r = 0; r < rows.size(); r++) {
                TokenizedPrompt p = prompts.get(from + r / 2);
                queries.add(new RewardQuery(p.promptText(), samples.get(r).text(), p.prompt(), samples.get(r).tokens()));
            }
            double[] scores = gold.score(queries);
            for (int i = from; i < to; i++) {
                int a = 2 * (i - from);
                if (scores[a] == scores[a + 1]) {
                    ties++;
                    continue;
                }
                int chosen = source.firstChosen(scores[a], scores[a + 1], labels) ? a : a + 1;
                flipped += scores[chosen] < scores[chosen == a ? a + 1 : a] ? 1 : 0;
                int rejected = chosen == a ? a + 1 : a;
                Map<String, Object> row = new LinkedHashMap<>();
                Prompt prompt = texts.get(i);
                row.put("prompt", promptValue(prompt));
                row.put("chosen", samples.get(chosen).text());
                row.put("rejected", samples.get(rejected).text());
                lines.add(json(row));
            }
            bar.update(to);
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("every pair of base-model samples tied under the gold reward; no offline pairs");
        }
        write(file, lines);
        return new PairCounts(ties, flipped);
    }

    private static Object promptValue(Prompt p) {
        if (p.text() != null) {
            return p.text();
        }
        List<Map<String, String>> messages = new ArrayList<>();
        for (ChatMessage m : p.messages()) {
            messages.add(Map.of("role", m.role(), "content", m.content()));
        }
        return messages;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            AtomicWrite.file(file, lines.stream().map(line -> line + System.lineSeparator()).collect(Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
