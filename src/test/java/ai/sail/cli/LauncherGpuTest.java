package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.sail.tensor.LibtorchFolder;
import ai.sail.tensor.TorchJni;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's GPU switch, run with bash against fake libtorch folders (empty files named like
 * the real libraries, and the version files a PyTorch wheel or a libtorch download keeps): each
 * wrong folder is refused before anything is built, with the same lines that {@link LibtorchFolder}
 * gives {@code sail doctor}; a right one, or downloads allowed, gives the environment and command
 * line DJL needs ({@code SAIL_DRY_RUN=1} prints them instead of building and running). The CPU
 * default's command line is pinned too. Skips only where there is no bash.
 */
class LauncherGpuTest {
    static final Path LAUNCHER = Path.of("sail").toAbsolutePath();
    static final Path ROOT = LAUNCHER.getParent();

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void needsBash() {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "no bash here: the launcher is a bash script");
    }

    static Result launch(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("SAIL_") || k.startsWith("PYTORCH_"));
        pb.environment().put("SAIL_DRY_RUN", "1");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A pip wheel's layout: torch/lib with the named libraries, torch/version.py. */
    Path wheel(String name, String version, String cuda, String... libraries) throws IOException {
        Path torch = dir.resolve(name).resolve("torch");
        Path lib = Files.createDirectories(torch.resolve("lib"));
        for (String l : libraries) {
            Files.createFile(lib.resolve(l));
        }
        Files.writeString(torch.resolve("version.py"), "from typing import Optional\n\n__version__ = '" + version
                + "'\ndebug = False\ncuda: Optional[str] = " + (cuda == null ? "None" : "'" + cuda + "'")
                + "\ngit_version = 'e2d141dbde55c2a4370fac5165b0561b6af4798b'\n", StandardCharsets.UTF_8);
        return lib;
    }

    static final String[] CUDA_LIBS = {"libtorch.so", "libtorch_cpu.so", "libtorch_cuda.so", "libc10.so", "libc10_cuda.so"};

    /** The lines the launcher printed for a refused folder, without its prefix and its closing hint. */
    static List<String> refusal(Result r) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).as("nothing built or run").isEmpty();
        List<String> lines = new ArrayList<>(r.err().lines().map(l -> l.replaceFirst("^sail: ", "")).toList());
        assertThat(lines.get(lines.size() - 1)).contains("./sail doctor").contains("SAIL_ALLOW_DOWNLOAD=1");
        return lines.subList(0, lines.size() - 1);
    }

    static List<String> javaVerdict(Path folder) {
        return LibtorchFolder.inspect(folder).problemsForGpu(TorchJni.onClassPath().cudaFlavours());
    }

    @Test
    void aWrongVersionIsRefusedWithTheVersionWanted() throws Exception {
        Path lib = wheel("old", "2.6.0+cu126", "12.6", CUDA_LIBS);
        List<String> lines = refusal(launch(Map.of(), "--gpu", "--libtorch", lib.toString(), "doctor"));
        assertThat(lines).containsExactly(
                "the libtorch in " + lib + " is 2.6.0+cu126; Sail's DJL needs 2.7.1: install PyTorch 2.7.1+cu128",
                "the libtorch in " + lib + " is built for cu126; DJL's JNI library exists only for cu128: install PyTorch 2.7.1+cu128");
        assertThat(lines).isEqualTo(javaVerdict(lib));
    }

    @Test
    void missingCudaLibrariesAreNamed() throws Exception {
        Path lib = wheel("partial", "2.7.1+cu128", "12.8", "libtorch.so", "libtorch_cpu.so", "libc10.so");
        // The folder above lib is accepted too; SAIL_GPU=1 is the same switch as --gpu.
        List<String> lines = refusal(launch(Map.of("SAIL_GPU", "1", "SAIL_LIBTORCH", lib.getParent().toString()), "doctor"));
        assertThat(lines).containsExactly("the libtorch in " + lib + " lacks its CUDA libraries (libtorch_cuda.so,"
                + " libc10_cuda.so): the installation is incomplete; reinstall PyTorch 2.7.1+cu128");
        assertThat(lines).isEqualTo(javaVerdict(lib));
    }

    @Test
    void aCpuBuildIsRefused() throws Exception {
        Path lib = wheel("cpu", "2.7.1+cpu", null, "libtorch.so", "libtorch_cpu.so", "libc10.so");
        List<String> lines = refusal(launch(Map.of(), "--gpu", "--libtorch=" + lib, "doctor"));
        assertThat(lines).containsExactly("the libtorch in " + lib + " is not a CUDA build (2.7.1+cpu): install PyTorch 2.7.1+cu128");
        assertThat(lines).isEqualTo(javaVerdict(lib));
    }

    @Test
    void aFolderWithoutLibtorchOrWithoutAVersionIsRefused() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result none = launch(Map.of(), "--gpu", "--libtorch", empty.toString(), "doctor");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err().strip()).isEqualTo("sail: " + empty + " holds no libtorch.so: give the torch/lib folder of"
                + " a PyTorch installation or the lib folder of a libtorch download");

        Path bare = Files.createDirectories(dir.resolve("bare").resolve("lib"));
        Files.createFile(bare.resolve("libtorch.so"));
        Result unknown = launch(Map.of(), "--gpu", "--libtorch", bare.toString(), "doctor");
        assertThat(unknown.exit()).isEqualTo(2);
        String expected = "cannot tell which libtorch " + bare + " is: neither " + bare.getParent().resolve("version.py")
                + " (PyTorch wheel) nor " + bare.getParent().resolve("build-version") + " (libtorch download) names its version";
        assertThat(unknown.err().strip()).isEqualTo("sail: " + expected);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LibtorchFolder.inspect(bare)).hasMessage(expected);
    }

    @Test
    void gpuWithoutALibtorchOrDownloadsSaysWhatToDo() throws Exception {
        Result r = launch(Map.of(), "--gpu", "train");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--gpu needs a CUDA libtorch: --libtorch DIR").contains("PyTorch 2.7.1+cu128")
                .contains("SAIL_ALLOW_DOWNLOAD=1").contains("./sail doctor");
    }

    @Test
    void aRightLocalLibtorchIsHandedToDjlOffline() throws Exception {
        Path lib = wheel("good", "2.7.1+cu128", "12.8", CUDA_LIBS);
        Path cudart = Files.createDirectories(dir.resolve("good").resolve("nvidia").resolve("cuda_runtime").resolve("lib"));
        Result r = launch(Map.of(), "--gpu", "--libtorch", lib.toString(), "train", "--device", "cuda:0");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("env: PYTORCH_LIBRARY_PATH=" + lib + "\n", "env: PYTORCH_VERSION=2.7.1\n",
                "env: PYTORCH_FLAVOR=cu128\n");
        String run = runLine(r.out());
        assertThat(run).contains("-Djna.library.path=" + cudart + " ").contains("-Dai.djl.offline=true")
                .contains("-cp " + ROOT + "/target/gpu/sail.jar:" + ROOT + "/target/gpu/lib/* ai.sail.cli.Main train --device cuda:0");
        assertThat(javaVerdict(lib)).isEmpty();

        // A libtorch download's layout: build-version beside lib/.
        Path zip = Files.createDirectories(dir.resolve("zip").resolve("libtorch").resolve("lib"));
        for (String l : CUDA_LIBS) {
            Files.createFile(zip.resolve(l));
        }
        Files.writeString(zip.getParent().resolve("build-version"), "2.7.1+cu128\n");
        Result z = launch(Map.of(), "--gpu", "--libtorch", zip.getParent().toString(), "doctor");
        assertThat(z.exit()).as(z.err()).isZero();
        assertThat(z.out()).contains("env: PYTORCH_LIBRARY_PATH=" + zip + "\n", "env: PYTORCH_FLAVOR=cu128\n");
    }

    @Test
    void allowedDownloadsTurnOfflineModeOff() throws Exception {
        Result r = launch(Map.of("SAIL_ALLOW_DOWNLOAD", "1"), "--gpu", "doctor");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("env: PYTORCH_");
        assertThat(runLine(r.out())).contains("-Dai.djl.offline=false").contains(ROOT + "/target/gpu/lib/*");
    }

    @Test
    void theCpuDefaultIsUnchanged() throws Exception {
        Result r = launch(Map.of(), "demo", "--gpu");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(runLine(r.out())).isEqualTo("java -Dai.djl.offline=true -Dsail.setup=cpu -cp " + ROOT + "/target/sail.jar:"
                + ROOT + "/target/lib/* ai.sail.cli.Main demo --gpu");
        assertThat(r.out()).doesNotContain("env: PYTORCH_").doesNotContain("target/gpu");
    }

    @Test
    void theLauncherKnowsTheJniJarsVersionAndCudaBuilds() throws Exception {
        String script = Files.readString(LAUNCHER);
        TorchJni jni = TorchJni.onClassPath();
        assertThat(value(script, "required_version")).isEqualTo(LibtorchFolder.REQUIRED_VERSION);
        assertThat(jni.version()).startsWith(LibtorchFolder.REQUIRED_VERSION + "-");
        assertThat(List.of(value(script, "jni_cuda_flavours").split(" "))).containsExactlyElementsOf(jni.cudaFlavours());
    }

    private static String value(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=\"([^\"]*)\"").matcher(script);
        assertThat(m.find()).as(name + " in the launcher").isTrue();
        return m.group(1);
    }

    private static String runLine(String out) {
        return out.lines().filter(l -> l.startsWith("run: ")).findFirst().orElseThrow().substring(5);
    }
}
