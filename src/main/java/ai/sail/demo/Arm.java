package ai.sail.demo;

import ai.sail.align.Method;
import ai.sail.align.TrainConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One arm of a comparison: a method, optionally with training options of its own, so that variants of
 * one method (a baseline, a coefficient, the authors' preset) are compared side by side with the same
 * seeds. Written {@code method} or {@code method:key=value:key=value}, keys as in {@code sail train}'s
 * configuration file (e.g. {@code sail-pr:sail-baseline=pair:gamma=0.1}); the text is the arm's name
 * and its folder.
 *
 * @param name the text the arm was written as
 * @param method the method it trains
 * @param options training options that differ from the comparison's (key to value as written)
 */
public record Arm(String name, Method method, Map<String, String> options) {

    /** Keys the comparison itself sets for every arm; an arm may not change them. */
    private static final Set<String> FIXED = Set.of("method", "model", "ref-model", "data", "prompts", "output-dir",
            "seed", "resume", "overwrite", "max-steps", "device", "threads", "config");

    public Arm {
        options = Map.copyOf(options);
        if (name.isBlank() || !name.matches("[A-Za-z0-9._=:+-]+")) {
            throw new IllegalArgumentException("arm '" + name + "': use letters, digits and . _ = : + - only (it names a folder)");
        }
        for (String key : options.keySet()) {
            if (FIXED.contains(key)) {
                throw new IllegalArgumentException("arm '" + name + "': " + key + " is set by the comparison for every arm");
            }
            if (TrainConfig.fields().stream().noneMatch(c -> TrainConfig.key(c).equals(key))) {
                throw new IllegalArgumentException("arm '" + name + "': no training option '" + key
                        + "'; keys are those of sail train's configuration file, e.g. sail-baseline=pair:gamma=0.1");
            }
        }
    }

    /** A method with the comparison's options only. */
    public static Arm of(Method method) {
        return new Arm(method.cliName(), method, Map.of());
    }

    /** Parses {@code method[:key=value...]}. */
    public static Arm parse(String text) {
        String[] parts = text.trim().split(":");
        Method method = Method.parse(parts[0]);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0 || eq == parts[i].length() - 1) {
                throw new IllegalArgumentException("arm '" + text + "': expected key=value after ':', got '" + parts[i] + "'");
            }
            if (options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1)) != null) {
                throw new IllegalArgumentException("arm '" + text + "': " + parts[i].substring(0, eq) + " given twice");
            }
        }
        return new Arm(text.trim(), method, options);
    }

    /** The arm's options over {@code config} (whose method it sets); checked as the configuration file's keys are. */
    public TrainConfig apply(TrainConfig config) {
        Map<String, Object> layer = new LinkedHashMap<>(options);
        return config.withMethod(method).withOptions(layer);
    }

    static List<String> names(List<Arm> arms) {
        return arms.stream().map(Arm::name).toList();
    }
}
