package ai.sail.tensor;

import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which libtorch DJL will load in this JVM, worked out the way DJL's {@code LibUtils} does it but
 * without loading anything (loading takes about a second and, on first use, unpacks 430 MB):
 * {@code PYTORCH_LIBRARY_PATH} first, then a native jar on the class path, then DJL's download
 * (refused in offline mode).
 *
 * @param origin where it comes from
 * @param source where it comes from, in words
 * @param dir the folder the libraries are (or will be) loaded from
 * @param version the libtorch version, e.g. {@code 2.7.1}
 * @param flavour DJL's flavour: {@code cpu}, {@code cu128}, ...
 * @param problems what will keep it from loading, or from serving a GPU, each with its fix
 */
public record LibtorchInUse(Origin origin, String source, Path dir, String version, String flavour, List<String> problems) {

    /** The places DJL looks, in its order. */
    public enum Origin {
        /** {@code PYTORCH_LIBRARY_PATH}: a libtorch already on disk. */
        LOCAL,
        /** A {@code pytorch-native-*} jar on the class path (the CPU build bundles one). */
        NATIVE_JAR,
        /** DJL downloads it (offline mode off). */
        DOWNLOAD,
        /** Nowhere: offline, no jar, no local folder. */
        NONE
    }

    public LibtorchInUse {
        problems = List.copyOf(problems);
    }

    /** Whether it is a CUDA build. */
    public boolean cuda() {
        return flavour.startsWith("cu");
    }

    /** This JVM's libtorch, from its environment, system properties and class path. */
    public static LibtorchInUse detect(TorchJni jni) {
        return detect(System.getenv(), Utils.isOfflineMode(), jni);
    }

    static LibtorchInUse detect(Map<String, String> env, boolean offline, TorchJni jni) {
        String override = env.get("PYTORCH_LIBRARY_PATH");
        if (override != null && !override.isBlank()) {
            return local(Path.of(override), setting(env, "PYTORCH_FLAVOR"), jni);
        }
        Platform platform = Platform.detectPlatform("pytorch");
        Path cache = Utils.getEngineCacheDir("pytorch");
        String version = platform.getVersion() == null ? "unknown" : platform.getVersion().split("-")[0];
        if (!platform.isPlaceholder()) {
            Path dir = cache.resolve(platform.getVersion() + "-" + platform.getFlavor() + "-" + platform.getClassifier());
            String unpacked = Files.isDirectory(dir) ? "" : " (unpacked there on first use)";
            return new LibtorchInUse(Origin.NATIVE_JAR, "the pytorch-native-" + platform.getFlavor() + " jar on the class path" + unpacked,
                    dir, version, platform.getFlavor(), List.of());
        }
        Path dir = cache.resolve(version + "-" + platform.getFlavor() + "-" + platform.getClassifier());
        if (offline) {
            return new LibtorchInUse(Origin.NONE, "none: no native jar on the class path, no PYTORCH_LIBRARY_PATH, and DJL is offline",
                    dir, version, platform.getFlavor(), List.of("no libtorch can load: run through ./sail (CPU) or "
                            + "./sail --gpu with --libtorch DIR or SAIL_ALLOW_DOWNLOAD=1"));
        }
        String fetched = Files.isRegularFile(dir.resolve(LibtorchFolder.LIBTORCH)) ? "already downloaded" : "downloaded on first use";
        return new LibtorchInUse(Origin.DOWNLOAD, "DJL's download (" + fetched + ")", dir, version, platform.getFlavor(), List.of());
    }

    /** A libtorch named by {@code PYTORCH_LIBRARY_PATH}: DJL takes its version and flavour from the environment. */
    private static LibtorchInUse local(Path path, String djlFlavour, TorchJni jni) {
        LibtorchFolder folder;
        try {
            folder = LibtorchFolder.inspect(path);
        } catch (IllegalArgumentException e) {
            return new LibtorchInUse(Origin.LOCAL, "PYTORCH_LIBRARY_PATH", path, "unknown", "unknown", List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (!folder.baseVersion().equals(LibtorchFolder.REQUIRED_VERSION)) {
            problems.add("the libtorch in " + folder.libDir() + " is " + folder.version() + "; Sail's DJL needs "
                    + LibtorchFolder.REQUIRED_VERSION);
        }
        // Without PYTORCH_FLAVOR DJL assumes a CPU build and takes the CPU JNI library, which a CUDA
        // libtorch does not load with; the launcher's --gpu sets it from the folder's version.
        String flavour = djlFlavour == null ? "cpu" : djlFlavour;
        if (!flavour.equals(folder.flavour()) && !(flavour.equals("cpu") && !folder.cuda())) {
            problems.add("PYTORCH_FLAVOR is " + (djlFlavour == null ? "unset (DJL then assumes cpu)" : djlFlavour)
                    + " but the libtorch in " + folder.libDir() + " is " + folder.flavour()
                    + ": start through ./sail --gpu --libtorch " + path + ", which sets it");
        }
        if (!jni.flavours().isEmpty() && !jni.flavours().contains(folder.flavour())) {
            problems.add("DJL's JNI library has no " + folder.flavour() + " build (only " + String.join(", ", jni.flavours())
                    + "): install PyTorch " + LibtorchFolder.wanted(jni.cudaFlavours()));
        }
        return new LibtorchInUse(Origin.LOCAL, "a local libtorch (PYTORCH_LIBRARY_PATH)", folder.libDir(), folder.version(),
                folder.flavour(), problems);
    }

    private static String setting(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null ? v : System.getProperty(name);
    }
}
