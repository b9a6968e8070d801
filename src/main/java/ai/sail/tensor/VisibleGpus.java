package ai.sail.tensor;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The NVIDIA GPUs that the CUDA runtime shows this process, read through DJL's {@code CudaUtils}
 * (the CUDA runtime library called directly, not libtorch), so that listing them costs
 * milliseconds, also on a machine without CUDA (where the list is empty). This is the count DJL's
 * engine reports too, so it is what {@code --device cuda:N} is checked against.
 */
public final class VisibleGpus {

    /**
     * One GPU.
     *
     * @param index its CUDA index ({@code cuda:index})
     * @param computeCapability e.g. {@code 90} for an H100/H200
     * @param totalBytes its memory
     * @param usedBytes memory in use by all processes
     */
    public record Gpu(int index, String computeCapability, long totalBytes, long usedBytes) {
        public Gpu {
            if (index < 0 || totalBytes < 0 || usedBytes < 0) {
                throw new IllegalArgumentException("bad GPU record " + index + " " + totalBytes + " " + usedBytes);
            }
        }
    }

    private VisibleGpus() {}

    /** The visible GPUs; empty without a CUDA runtime or a device. */
    public static List<Gpu> list() {
        int count = CudaUtils.getGpuCount();
        List<Gpu> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MemoryUsage memory = CudaUtils.getGpuMemory(Device.gpu(i));
            gpus.add(new Gpu(i, CudaUtils.getComputeCapability(i), memory.getMax(), memory.getUsed()));
        }
        return gpus;
    }

    /** The CUDA runtime's version ({@code 12.8}), or null when there is none. */
    public static String cudaRuntime() {
        if (CudaUtils.getGpuCount() == 0) {
            return null;
        }
        int v = CudaUtils.getCudaVersion();
        return v / 1000 + "." + (v / 10) % 100;
    }
}
