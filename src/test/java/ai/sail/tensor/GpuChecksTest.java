package ai.sail.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the GPU path that run without a GPU: reading a libtorch folder, readiness, device checks. */
class GpuChecksTest {
    @TempDir
    Path dir;

    static final TorchJni JNI = new TorchJni("2.7.1-0.36.0", "linux-x86_64", Set.of("cpu", "cu128"));

    Path libtorch(String versionPy, String... libraries) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("torch").resolve("lib"));
        for (String l : libraries) {
            Files.createFile(lib.resolve(l));
        }
        Files.writeString(lib.getParent().resolve("version.py"), versionPy);
        return lib;
    }

    @Test
    void theFlavourComesFromTheVersionElseFromTheRecordedCudaVersion() throws Exception {
        assertThat(LibtorchFolder.flavour("2.7.1+cu128", null)).isEqualTo("cu128");
        assertThat(LibtorchFolder.flavour("2.7.1", "12.8")).isEqualTo("cu128");
        assertThat(LibtorchFolder.flavour("2.7.1", null)).isEqualTo("unknown");
        // A source build records no local version part; the cuda line still says which CUDA.
        Path lib = libtorch("__version__ = \"2.7.1\"\ncuda = \"12.8\"\n", "libtorch.so", "libtorch_cuda.so", "libc10_cuda.so");
        LibtorchFolder f = LibtorchFolder.inspect(lib);
        assertThat(f).isEqualTo(new LibtorchFolder(lib, "2.7.1", "cu128", true));
        assertThat(f.problemsForGpu(JNI.cudaFlavours())).isEmpty();
        assertThat(JNI.cudaFlavours()).containsExactly("cu128");
    }

    @Test
    void thisClassPathsJniHasTheCudaBuildTheReadmeNames() {
        TorchJni jni = TorchJni.onClassPath();
        assertThat(jni.version()).isEqualTo("2.7.1-0.36.0");
        assertThat(jni.flavours()).contains("cpu", "cu128");
    }

    @Test
    void readinessListsEachMissingPieceWithItsFix() throws Exception {
        LibtorchInUse bundled = new LibtorchInUse(LibtorchInUse.Origin.NATIVE_JAR, "the pytorch-native-cpu jar", dir,
                "2.7.1", "cpu", List.of());
        GpuReadiness none = GpuReadiness.assess(List.of(), bundled, null, null, false, JNI);
        assertThat(none.missing()).hasSize(3);
        assertThat(none.missing().get(0)).startsWith("a GPU: ");
        assertThat(none.missing().get(1)).startsWith("a CUDA libtorch: ").contains("SAIL_ALLOW_DOWNLOAD=1");
        assertThat(none.missing().get(2)).startsWith("a class path without the CPU native jar").contains("./sail --gpu");

        Path lib = libtorch("__version__ = '2.7.1+cu128'\n", "libtorch.so", "libtorch_cuda.so", "libc10_cuda.so");
        LibtorchInUse local = new LibtorchInUse(LibtorchInUse.Origin.LOCAL, "a local libtorch", lib, "2.7.1+cu128", "cu128",
                List.of());
        GpuReadiness ready = GpuReadiness.assess(List.of(new VisibleGpus.Gpu(0, "90", 150L << 30, 1L << 30)), local,
                LibtorchFolder.inspect(lib), null, false, JNI);
        assertThat(ready.ready()).as(String.join("\n", ready.missing())).isTrue();
    }

    @Test
    void aCudaLibtorchWithoutItsFlavourSetIsFlagged() throws Exception {
        Path lib = libtorch("__version__ = '2.7.1+cu128'\n", "libtorch.so", "libtorch_cuda.so", "libc10_cuda.so");
        LibtorchInUse unset = LibtorchInUse.detect(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), true, JNI);
        assertThat(unset.origin()).isEqualTo(LibtorchInUse.Origin.LOCAL);
        assertThat(unset.cuda()).isTrue();
        assertThat(unset.problems()).singleElement().asString().contains("PYTORCH_FLAVOR is unset").contains("./sail --gpu");
        LibtorchInUse set = LibtorchInUse.detect(Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cu128"), true, JNI);
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void aGpuDeviceOnTheCpuLibtorchIsABadInputNamingDoctorAndTheGpuSwitch() {
        assertThat(DeviceSpec.parse("cpu").toDevice()).isEqualTo(ai.djl.Device.cpu());
        assertThatThrownBy(() -> DeviceSpec.parse("cuda:1").toDevice())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--device cuda:1: this run's libtorch")
                .hasMessageContaining("is a CPU build")
                .hasMessageContaining("sail doctor")
                .hasMessageContaining("./sail --gpu");
    }

    @Test
    void aCoreCountsAsTakenAboveTheThresholdOnly() {
        assertThat(ThreadBudget.threadsBeside(0.1, 2)).isEqualTo(2);
        assertThat(ThreadBudget.threadsBeside(0.9, 2)).isEqualTo(1);
        assertThat(ThreadBudget.threadsBeside(3.5, 4)).isEqualTo(1);
        assertThat(ThreadBudget.threadsBeside(1.7, 4)).isEqualTo(2);
    }
}
