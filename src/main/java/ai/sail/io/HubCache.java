package ai.sail.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a model that the Python tools already downloaded, in the standard Hugging Face hub cache:
 * {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}; inside it
 * {@code models--Org--Name/snapshots/<revision>/}, the revision named by {@code refs/main} (or by
 * {@code Org/Name@rev}). Sail never downloads.
 */
public final class HubCache {
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+(@[\\w./-]+)?");
    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    /** The cache the Python tools would use, from the environment. */
    public static HubCache fromEnvironment() {
        return new HubCache(defaultRoot(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    static Path defaultRoot(Map<String, String> env, Path home) {
        String hubCache = env.get("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) {
            return Path.of(hubCache);
        }
        String hfHome = env.get("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) {
            return Path.of(hfHome, "hub");
        }
        return home.resolve(".cache").resolve("huggingface").resolve("hub");
    }

    public Path root() {
        return root;
    }

    /**
     * The models in the cache, as {@code Org/Name} ids (sorted); empty when the cache does not exist.
     * Read from the folder names only ({@code models--Org--Name}), so listing costs no file reads.
     */
    public List<String> models() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("models--") && n.indexOf("--", 8) > 8)
                    .map(n -> n.substring(8).replaceFirst("--", "/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list the hub cache " + root, e);
        }
    }

    /** Whether {@code name} looks like {@code Org/Name} or {@code Org/Name@revision}. */
    public static boolean isRepoId(String name) {
        return REPO_ID.matcher(name).matches();
    }

    /** The snapshot folder of {@code repoId} ({@code Org/Name[@revision]}). */
    public Path resolve(String repoId) {
        String revision = "main";
        String id = repoId;
        int at = repoId.indexOf('@');
        if (at >= 0) {
            id = repoId.substring(0, at);
            revision = repoId.substring(at + 1);
        }
        Path repo = root.resolve("models--" + id.replace("/", "--"));
        if (!Files.isDirectory(repo)) {
            throw new IllegalArgumentException("model '" + repoId + "' is neither a local path nor in the "
                    + "Hugging Face cache (looked for " + repo + "); download it with the Python tools "
                    + "(e.g. huggingface-cli download " + id + ") or pass a directory");
        }
        Path snapshots = repo.resolve("snapshots");
        Path ref = repo.resolve("refs").resolve(revision);
        try {
            String commit = revision;
            if (Files.isRegularFile(ref)) {
                commit = Files.readString(ref).trim();
            }
            Path snapshot = snapshots.resolve(commit);
            if (Files.isDirectory(snapshot)) {
                return snapshot;
            }
            if (revision.equals("main") && !Files.isRegularFile(ref) && Files.isDirectory(snapshots)) {
                try (Stream<Path> s = Files.list(snapshots)) {
                    List<Path> all = s.filter(Files::isDirectory).toList();
                    if (all.size() == 1) {
                        return all.get(0);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the hub cache entry " + repo + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("model '" + repoId + "': revision '" + revision
                + "' has no snapshot under " + snapshots);
    }
}
