package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sail doctor} on this machine, run in-process: a CPU machine with DJL's CPU libtorch on the
 * class path and no GPU. Each line the README promises is there, and the GPU checks name what is
 * missing with its fix. Nothing here loads libtorch.
 */
class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportsWhatSailRunsOnAndWhatGpuNeeds() {
        CliTest.Run r = CliTest.run("doctor");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).containsPattern("(?m)^java          17\\.\\S* \\(.*\\), max heap \\d+\\.\\d GiB$")
                .contains("djl           0.36.0; pytorch-jni 2.7.1-0.36.0 (linux-x86_64: cpu, cu128)")
                .contains("offline       yes: DJL downloads nothing")
                .containsPattern("(?m)^libtorch      .*2\\.7\\.1-\\d+-cpu-linux-x86_64$")
                .contains("from the pytorch-native-cpu jar on the class path")
                .contains("version 2.7.1, flavour cpu (CPU)")
                .contains("cuda runtime  none")
                .contains("gpus          none")
                .containsPattern("(?m)^threads       \\d+ core\\(s\\); ")
                .containsPattern("(?m)^competition   other processes kept \\d+\\.\\d\\d of \\d+ core\\(s\\) busy over 0\\.3 s: ")
                .containsPattern("(?m)^hub cache     \\S+")
                .contains("for --gpu     missing:")
                .contains("- a GPU: the CUDA runtime shows none")
                .contains("- a CUDA libtorch: none named and downloads not allowed -> ./sail --gpu --libtorch DIR")
                .contains("- a class path without the CPU native jar: ");
    }

    @Test
    void checksTheLibtorchItIsGiven() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("torch").resolve("lib"));
        Files.createFile(lib.resolve("libtorch.so"));
        Files.writeString(dir.resolve("torch").resolve("version.py"), "__version__ = '2.7.1+cu128'\ncuda: Optional[str] = '12.8'\n",
                StandardCharsets.UTF_8);
        CliTest.Run r = CliTest.run("doctor", "--libtorch", lib.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("- a usable local libtorch: the libtorch in " + lib + " lacks its CUDA libraries")
                .doesNotContain("- a CUDA libtorch: none named");

        CliTest.Run missing = CliTest.run("doctor", "--libtorch", dir.resolve("nowhere").toString());
        assertThat(missing.out()).contains("- a usable local libtorch: " + dir.resolve("nowhere") + " holds no libtorch.so");
    }

    @Test
    void aGpuDeviceWithoutCudaNamesDoctorAndTheGpuSwitch() {
        CliTest.Run r = CliTest.run("generate", "--model", dir.resolve("none").toString(), "--prompt", "hi",
                "--device", "cuda:0", "--threads", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("sail: --device cuda:0: this run's libtorch (").contains("is a CPU build")
                .contains("`sail doctor`").contains("`./sail --gpu ...`").doesNotContain("Exception").hasLineCount(1);
    }
}
