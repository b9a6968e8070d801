package ai.sail.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

/**
 * DJL's JNI bridge to libtorch ({@code pytorch-jni}), as it ships: its version and the builds of
 * libtorch it has a native library for on each platform ({@code jnilib/linux-x86_64/cu128/...}). A
 * local libtorch whose flavour has no JNI library here cannot be used offline, so the GPU checks read
 * the list from the jar rather than from a copy that could drift.
 *
 * @param version the JNI version, e.g. {@code 2.7.1-0.36.0} (libtorch version, DJL version)
 * @param classifier this platform in DJL's spelling, e.g. {@code linux-x86_64}
 * @param flavours the builds the JNI library exists for on this platform: {@code cpu}, {@code cu128}, ...
 */
public record TorchJni(String version, String classifier, Set<String> flavours) {
    private static final String PROPERTIES = "jnilib/pytorch.properties";

    public TorchJni {
        flavours = Collections.unmodifiableSet(new TreeSet<>(flavours));
    }

    /** The CUDA flavours ({@code cu...}) among {@link #flavours}. */
    public Set<String> cudaFlavours() {
        Set<String> cuda = new TreeSet<>();
        flavours.stream().filter(f -> f.startsWith("cu")).forEach(cuda::add);
        return Collections.unmodifiableSet(cuda);
    }

    /** The JNI jar on the class path, read without loading anything native. */
    public static TorchJni onClassPath() {
        String classifier = thisPlatform();
        URL url = TorchJni.class.getClassLoader().getResource(PROPERTIES);
        if (url == null) {
            return new TorchJni("none (no pytorch-jni jar on the class path)", classifier, Set.of());
        }
        Set<String> flavours = new TreeSet<>();
        String version;
        try (InputStream in = url.openStream()) {
            Properties p = new Properties();
            p.load(in);
            version = p.getProperty("jni_version", "unknown");
            if (url.openConnection() instanceof JarURLConnection jar) {
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    String prefix = "jnilib/" + classifier + "/";
                    file.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(prefix) && n.length() > prefix.length())
                            .map(n -> n.substring(prefix.length()).split("/")[0])
                            .forEach(flavours::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read DJL's " + PROPERTIES + " from " + url + ": " + e.getMessage(), e);
        }
        return new TorchJni(version, classifier, flavours);
    }

    /** {@code linux-x86_64} and the like, as DJL names its native folders. */
    static String thisPlatform() {
        String os = System.getProperty("os.name");
        String prefix = os.startsWith("Win") ? "win" : os.startsWith("Mac") ? "osx" : os.startsWith("Linux") ? "linux" : os;
        String arch = System.getProperty("os.arch");
        return prefix + "-" + ("amd64".equals(arch) ? "x86_64" : arch);
    }
}
