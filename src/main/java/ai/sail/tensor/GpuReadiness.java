package ai.sail.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./sail --gpu} still needs on this machine, each item with its fix: a visible GPU, a
 * CUDA libtorch that DJL's JNI library fits (local, or downloads allowed), and a class path without
 * the CPU native jar. Built from facts gathered elsewhere, so that it is checked without a GPU.
 *
 * @param missing one line per missing piece: what is missing, then the fix
 */
public record GpuReadiness(List<String> missing) {

    public GpuReadiness {
        missing = List.copyOf(missing);
    }

    /**
     * @param gpus the GPUs the CUDA runtime shows
     * @param inUse the libtorch this JVM would load
     * @param localLibtorch the folder named by {@code --libtorch} / {@code SAIL_LIBTORCH} (null when none
     *     or unreadable)
     * @param localProblem why {@code localLibtorch} cannot be read (null when it can or there is none)
     * @param downloadAllowed whether {@code SAIL_ALLOW_DOWNLOAD=1}
     * @param jni DJL's JNI library on the class path
     */
    public static GpuReadiness assess(List<VisibleGpus.Gpu> gpus, LibtorchInUse inUse, LibtorchFolder localLibtorch,
            String localProblem, boolean downloadAllowed, TorchJni jni) {
        List<String> missing = new ArrayList<>();
        if (gpus.isEmpty()) {
            missing.add("a GPU: the CUDA runtime shows none (no NVIDIA GPU, driver or libcudart found) -> run on a"
                    + " machine with an NVIDIA GPU and its driver (./sail --gpu --libtorch DIR also finds the CUDA"
                    + " runtime that a pip PyTorch keeps beside torch)");
        }
        if (jni.cudaFlavours().isEmpty()) {
            missing.add("a CUDA JNI library: DJL's pytorch-jni " + jni.version() + " has none for " + jni.classifier()
                    + " -> GPUs need Linux x86-64 (or Windows x86-64)");
        }
        String wanted = LibtorchFolder.wanted(jni.cudaFlavours());
        if (localProblem != null) {
            missing.add("a usable local libtorch: " + localProblem + " -> fix SAIL_LIBTORCH / --libtorch, or set"
                    + " SAIL_ALLOW_DOWNLOAD=1 instead");
        } else if (localLibtorch != null) {
            for (String p : localLibtorch.problemsForGpu(jni.cudaFlavours())) {
                missing.add("a usable local libtorch: " + p);
            }
        } else if (!inUse.cuda() && !downloadAllowed) {
            missing.add("a CUDA libtorch: none named and downloads not allowed -> ./sail --gpu --libtorch DIR (the"
                    + " torch/lib folder of PyTorch " + wanted + "), or SAIL_ALLOW_DOWNLOAD=1 ./sail --gpu"
                    + " (DJL downloads it, about 2.5 GB, once)");
        }
        if (inUse.origin() == LibtorchInUse.Origin.NATIVE_JAR && !inUse.cuda()) {
            missing.add("a class path without the CPU native jar: this run has " + inUse.source()
                    + ", which DJL prefers even on a GPU machine -> start with ./sail --gpu (builds target/gpu)");
        }
        return new GpuReadiness(missing);
    }

    /** Whether nothing is missing. */
    public boolean ready() {
        return missing.isEmpty();
    }
}
