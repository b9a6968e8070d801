package ai.sail.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch that the user already has on disk, for {@code ./sail --gpu --libtorch DIR}: the
 * {@code torch/lib} folder of a PyTorch installation (a pip wheel) or the {@code lib} folder of a
 * libtorch download. Its version and flavour are read from the files those two layouts keep next to
 * {@code lib}: the wheel's {@code torch/version.py} ({@code __version__ = '2.7.1+cu128'} and
 * {@code cuda = '12.8'}) or the download's {@code build-version} ({@code 2.7.1+cu128}). Nothing is
 * loaded: loading a mismatched libtorch fails inside native code, which is what this check is for.
 *
 * <p>The launcher ({@code sail}) performs the same checks in shell, before it builds anything, with
 * the same messages; {@code LauncherGpuTest} runs both on the same folders.
 *
 * @param libDir the folder holding {@code libtorch.so}
 * @param version the full version as recorded, e.g. {@code 2.7.1+cu128}
 * @param flavour DJL's name for the build: {@code cpu}, {@code cu128}, ... ({@code unknown} when
 *     neither the version nor the recorded CUDA version says)
 * @param cudaLibraries whether the CUDA parts of libtorch ({@code libtorch_cuda}, {@code libc10_cuda}) are there
 */
public record LibtorchFolder(Path libDir, String version, String flavour, boolean cudaLibraries) {
    /** The libtorch version DJL 0.36.0's JNI library is built against. */
    public static final String REQUIRED_VERSION = "2.7.1";
    static final String LIBTORCH = System.mapLibraryName("torch");
    static final List<String> CUDA_LIBRARIES = List.of(System.mapLibraryName("torch_cuda"), System.mapLibraryName("c10_cuda"));

    private static final Pattern WHEEL_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern WHEEL_CUDA = Pattern.compile("(?m)^cuda(?::[^=\\n]*)?\\s*=\\s*['\"]([0-9.]+)['\"]");

    public LibtorchFolder {
        if (libDir == null || version == null || version.isBlank() || flavour == null || flavour.isBlank()) {
            throw new IllegalArgumentException("a libtorch folder needs its path, version and flavour");
        }
    }

    /** The version without its local part: {@code 2.7.1} for {@code 2.7.1+cu128}. */
    public String baseVersion() {
        int plus = version.indexOf('+');
        return plus < 0 ? version : version.substring(0, plus);
    }

    /** Whether it is a CUDA build. */
    public boolean cuda() {
        return flavour.startsWith("cu");
    }

    /**
     * Reads the libtorch in {@code dir} (the lib folder itself, or the folder above it).
     *
     * @throws IllegalArgumentException when there is no libtorch there or its version cannot be told
     */
    public static LibtorchFolder inspect(Path dir) {
        Path lib = dir;
        if (!Files.isRegularFile(lib.resolve(LIBTORCH)) && Files.isRegularFile(dir.resolve("lib").resolve(LIBTORCH))) {
            lib = dir.resolve("lib");
        }
        if (!Files.isRegularFile(lib.resolve(LIBTORCH))) {
            throw new IllegalArgumentException(dir + " holds no " + LIBTORCH + ": give the torch/lib folder of a PyTorch"
                    + " installation or the lib folder of a libtorch download");
        }
        lib = lib.toAbsolutePath().normalize();
        Path top = lib.getParent() == null ? lib : lib.getParent();
        Path found = lib;
        boolean cudaLibraries = CUDA_LIBRARIES.stream().allMatch(n -> Files.isRegularFile(found.resolve(n)));
        try {
            Path wheel = top.resolve("version.py");
            Path download = top.resolve("build-version");
            String version;
            String cudaVersion = null;
            if (Files.isRegularFile(wheel)) {
                String text = Files.readString(wheel);
                version = find(WHEEL_VERSION, text).orElse(null);
                cudaVersion = find(WHEEL_CUDA, text).orElse(null);
            } else if (Files.isRegularFile(download)) {
                version = Files.readString(download).strip();
            } else {
                version = null;
            }
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("cannot tell which libtorch " + lib + " is: neither " + wheel
                        + " (PyTorch wheel) nor " + download + " (libtorch download) names its version");
            }
            return new LibtorchFolder(lib, version, flavour(version, cudaVersion), cudaLibraries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of the libtorch in " + lib, e);
        }
    }

    private static Optional<String> find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code cu128} from {@code 2.7.1+cu128}, else from the recorded CUDA version {@code 12.8}. */
    static String flavour(String version, String cudaVersion) {
        int plus = version.indexOf('+');
        if (plus >= 0) {
            return version.substring(plus + 1);
        }
        if (cudaVersion != null) {
            return "cu" + cudaVersion.replace(".", "");
        }
        return "unknown";
    }

    /**
     * What stops this libtorch from serving {@code --gpu}, each with its fix; empty when it can.
     *
     * @param jniFlavours the CUDA flavours DJL's JNI library exists for on this platform
     */
    public List<String> problemsForGpu(Set<String> jniFlavours) {
        List<String> problems = new ArrayList<>();
        String wanted = wanted(jniFlavours);
        if (!baseVersion().equals(REQUIRED_VERSION)) {
            problems.add("the libtorch in " + libDir + " is " + version + "; Sail's DJL needs " + REQUIRED_VERSION
                    + ": install PyTorch " + wanted);
        }
        if (!cuda()) {
            problems.add("the libtorch in " + libDir + " is not a CUDA build (" + version + "): install PyTorch " + wanted);
        } else if (!jniFlavours.contains(flavour)) {
            problems.add("the libtorch in " + libDir + " is built for " + flavour + "; DJL's JNI library exists only for "
                    + String.join(", ", new TreeSet<>(jniFlavours)) + ": install PyTorch " + wanted);
        }
        if (cuda() && !cudaLibraries) {
            problems.add("the libtorch in " + libDir + " lacks its CUDA libraries (" + String.join(", ", CUDA_LIBRARIES)
                    + "): the installation is incomplete; reinstall PyTorch " + wanted);
        }
        return problems;
    }

    /** The builds that would do: {@code 2.7.1+cu128} (one per CUDA flavour DJL's JNI exists for). */
    static String wanted(Set<String> jniFlavours) {
        List<String> builds = new ArrayList<>();
        for (String f : new TreeSet<>(jniFlavours)) {
            builds.add(REQUIRED_VERSION + "+" + f);
        }
        return builds.isEmpty() ? REQUIRED_VERSION + " with CUDA" : String.join(" or ", builds);
    }
}
