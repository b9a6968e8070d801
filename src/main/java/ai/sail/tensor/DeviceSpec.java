package ai.sail.tensor;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where tensors live, as a user names it: {@code cpu} or {@code cuda:N} ({@code cuda} and
 * {@code gpu:N} are accepted too). Checked for spelling when parsed, and against the GPUs the engine
 * sees only when a device is needed, so a configuration can be validated without loading libtorch.
 *
 * @param gpu whether it is a CUDA device
 * @param index the GPU's index (0 for the CPU)
 */
public record DeviceSpec(boolean gpu, int index) {
    public static final DeviceSpec CPU = new DeviceSpec(false, 0);
    private static final Pattern CUDA = Pattern.compile("(?:cuda|gpu)(?::(\\d+))?");

    public DeviceSpec {
        if (index < 0 || (!gpu && index != 0)) {
            throw new IllegalArgumentException("bad device index " + index);
        }
    }

    /** @throws IllegalArgumentException when {@code name} is neither {@code cpu} nor {@code cuda:N} */
    public static DeviceSpec parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return CPU;
        }
        Matcher m = CUDA.matcher(n);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a device; allowed: cpu or cuda:N");
        }
        return new DeviceSpec(true, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
    }

    /** The DJL device; a GPU that the engine cannot see is an error here rather than a crash later. */
    public Device toDevice() {
        if (!gpu) {
            return Device.cpu();
        }
        int available = TorchRuntime.engine().getGpuCount();
        if (index >= available) {
            throw new IllegalArgumentException("--device " + this + ": the PyTorch engine sees "
                    + available + " GPU(s); this build ships the CPU libtorch (see README, GPU)");
        }
        return Device.gpu(index);
    }

    @Override
    public String toString() {
        return gpu ? "cuda:" + index : "cpu";
    }
}
