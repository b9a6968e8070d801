package ai.sail.align;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's output directory, checked before any model loads: it must be a directory (or not exist
 * yet); a new run may not silently mix with another run's checkpoints and metrics; a resumed run must
 * be the same run (same method, data, model and batch settings as the checkpoint says); and
 * temporary files left by a run that was killed while writing are removed.
 */
final class RunDirectory {
    /** Files and directories that make up a run. */
    private static final Pattern RUN_ENTRY = Pattern.compile("checkpoint-\\d+|metrics\\.jsonl|config\\.yaml|"
            + Pattern.quote(ReferencePrecompute.FILE));
    /** What an interrupted atomic write leaves: {@code NAME.tmp-RANDOM} or {@code .NAME.tmp-RANDOM}. */
    private static final Pattern STALE = Pattern.compile("\\.?[^/]+\\.tmp-[0-9a-fA-F-]+");
    /**
     * Keys that may change on resume without being asked: how long, how often to save and log, where and
     * how to compute (gradient checkpointing changes memory, not the gradients; a rollout server samples the
     * same policy as the in-process sampler).
     */
    private static final Set<String> ALWAYS_CHANGEABLE = Set.of("max-steps", "save-steps", "log-steps", "device",
            "threads", "gradient-checkpointing", "resume", "overwrite", "allow-config-change", "output-dir", "reward-timeout", "reward-retries",
            "rollout-server", "rollout-engine", "rollout-timeout", "rollout-retries", "rollout-engine-binary", "sync-steps",
            "max-policy-lag");

    private RunDirectory() {}

    /**
     * Checks and prepares {@code dir} for {@code config}: refuses a non-directory, refuses (or with
     * {@code --overwrite} clears) another run when not resuming, and removes stale temporary entries.
     */
    static void prepare(Path dir, TrainConfig config, PrintStream log) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output-dir: '" + dir + "' is a file; expected a directory for the run");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> runEntries = entries(dir, RUN_ENTRY);
        if (config.resume() == null && !runEntries.isEmpty()) {
            if (!config.overwrite()) {
                throw new IllegalArgumentException("output-dir: '" + dir + "' already holds a run ("
                        + names(runEntries) + "); pass --overwrite to replace it, --resume latest to continue it,"
                        + " or choose another --output-dir");
            }
            runEntries.forEach(RunDirectory::delete);
            log.println("note       --overwrite: removed the previous run's " + names(runEntries) + " from " + dir);
        }
        List<Path> stale = entries(dir, STALE);
        if (!stale.isEmpty()) {
            stale.forEach(RunDirectory::delete);
            log.println("note       removed " + stale.size() + " temporary file(s) left by an interrupted write: " + names(stale));
        }
    }

    /**
     * Refuses to resume {@code checkpoint} under a configuration that differs from the one it was
     * trained with, naming every difference; {@code allow-config-change} lists keys that may differ.
     */
    static void checkResume(Path checkpoint, TrainConfig config) {
        Path file = checkpoint.resolve(Checkpoints.CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("resume: " + checkpoint + " lacks " + Checkpoints.CONFIG
                    + "; it was not written by sail train or is incomplete");
        }
        Map<String, Object> saved = TrainConfig.readYaml(file);
        Map<String, Object> now = config.asMap();
        Set<String> allowed = new TreeSet<>(ALWAYS_CHANGEABLE);
        if (config.allowConfigChange() != null) {
            for (String key : config.allowConfigChange().split(",")) {
                allowed.add(key.trim());
            }
        }
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(now.keySet());
        keys.addAll(saved.keySet());
        Map<String, Object> defaults = TrainConfig.defaults();
        for (String key : TrainConfig.fields().stream().map(TrainConfig::key).filter(keys::contains).toList()) {
            // A key the checkpoint's Sail did not know yet had its default then.
            Object before = saved.containsKey(key) ? saved.get(key) : defaults.get(key);
            Object after = now.get(key);
            if (!allowed.contains(key) && !sameValue(before, after)) {
                differences.add(key + " " + before + " -> " + after);
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("resume: " + checkpoint + " was trained with another configuration: "
                    + String.join("; ", differences) + ". Resume with the same settings, or list the keys that may "
                    + "change with --allow-config-change " + String.join(",", differences.stream()
                            .map(d -> d.substring(0, d.indexOf(' '))).toList()));
        }
    }

    /** YAML reads 0.1 as a double and 1e-6 as text; compare numbers as numbers and the rest as text. */
    private static boolean sameValue(Object a, Object b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        try {
            return Double.parseDouble(a.toString()) == Double.parseDouble(b.toString());
        } catch (NumberFormatException e) {
            return a.toString().equals(b.toString());
        }
    }

    private static List<Path> entries(Path dir, Pattern pattern) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> pattern.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String names(List<Path> paths) {
        List<String> names = paths.stream().map(p -> p.getFileName().toString()).toList();
        return names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 6)) + " and " + (names.size() - 6) + " more";
    }

    private static void delete(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }
}
