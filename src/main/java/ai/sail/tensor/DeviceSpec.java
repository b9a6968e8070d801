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

    /**
     * The DJL device. A GPU that cannot be used here (a CPU libtorch, no visible GPU, an index past
     * the last one) is an error that names {@code sail doctor} and {@code --gpu}, rather than a
     * native error at the first tensor. This is the one place where a GPU is checked; everything after
     * it runs the same code on either device.
     */
    public Device toDevice() {
        if (!gpu) {
            return Device.cpu();
        }
        String fix = "; run `sail doctor` to see what is missing, and start GPU runs with `./sail --gpu ...`"
                + " (see README, GPU)";
        TorchRuntime.engine();
        if (!TorchRuntime.libtorchHasCuda()) {
            throw new IllegalArgumentException("--device " + this + ": this run's libtorch ("
                    + TorchRuntime.libtorchPath() + ") is a CPU build, so no GPU can be used" + fix);
        }
        int available = TorchRuntime.engine().getGpuCount();
        if (available == 0) {
            throw new IllegalArgumentException("--device " + this + ": libtorch is a CUDA build but the CUDA runtime"
                    + " shows no GPU" + fix);
        }
        if (index >= available) {
            throw new IllegalArgumentException("--device " + this + ": " + available + " GPU(s) are visible (cuda:0"
                    + (available > 1 ? " to cuda:" + (available - 1) : "") + ")" + fix);
        }
        return Device.gpu(index);
    }

    @Override
    public String toString() {
        return gpu ? "cuda:" + index : "cpu";
    }
}
