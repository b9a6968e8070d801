package ai.sail.cli;

import ai.djl.engine.Engine;
import ai.sail.io.HubCache;
import ai.sail.tensor.CpuTimes;
import ai.sail.tensor.GpuReadiness;
import ai.sail.tensor.LibtorchFolder;
import ai.sail.tensor.LibtorchInUse;
import ai.sail.tensor.ThreadBudget;
import ai.sail.tensor.TorchJni;
import ai.sail.tensor.TorchRuntime;
import ai.sail.tensor.VisibleGpus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sail doctor}: what Sail runs on here and what {@code --gpu} still needs. Wiring only: the
 * facts come from {@code tensor} and {@code io}; nothing loads libtorch, so it answers in about a
 * second on any machine.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Say what Sail runs on here (Java, DJL, libtorch, GPUs, threads, hub cache) and what --gpu still needs; loads no model and no libtorch.")
final class DoctorCommand implements Callable<Integer> {
    /** How long the CPU load of other processes is measured. */
    private static final long LOAD_SAMPLE_MS = 300;

    @Option(names = "--libtorch", paramLabel = "DIR", defaultValue = "${env:SAIL_LIBTORCH}",
            description = "A local libtorch to check for --gpu: the torch/lib folder of a PyTorch installation (default: SAIL_LIBTORCH, else PYTORCH_LIBRARY_PATH).")
    Path libtorch;

    @Override
    public Integer call() {
        TorchRuntime.offlineUnlessChosen();
        PrintStream out = System.out;
        Runtime rt = Runtime.getRuntime();
        out.printf("java          %s (%s), max heap %s%n", System.getProperty("java.version"),
                System.getProperty("java.vendor"), gib(rt.maxMemory()));
        TorchJni jni = TorchJni.onClassPath();
        out.printf("djl           %s; pytorch-jni %s (%s: %s)%n", Engine.getDjlVersion(), jni.version(),
                jni.classifier(), jni.flavours().isEmpty() ? "no JNI library" : String.join(", ", jni.flavours()));
        String setup = System.getProperty("sail.setup");
        boolean downloadAllowed = "1".equals(System.getenv("SAIL_ALLOW_DOWNLOAD"));
        out.printf("setup         %s%n", setup == null ? "not started by the ./sail launcher" : setup);
        out.printf("offline       %s%n", ai.djl.util.Utils.isOfflineMode() ? "yes: DJL downloads nothing"
                : "no: DJL downloads libtorch if it has none");

        LibtorchInUse inUse = LibtorchInUse.detect(jni);
        out.printf("libtorch      %s%n", inUse.dir());
        out.printf("              from %s; version %s, flavour %s (%s)%n", inUse.source(), inUse.version(),
                inUse.flavour(), inUse.cuda() ? "CUDA" : "CPU");
        inUse.problems().forEach(p -> out.printf("              problem: %s%n", p));

        List<VisibleGpus.Gpu> gpus = VisibleGpus.list();
        String runtime = VisibleGpus.cudaRuntime();
        out.printf("cuda runtime  %s%n", runtime == null ? "none" : runtime);
        if (gpus.isEmpty()) {
            out.printf("gpus          none%n");
        }
        for (VisibleGpus.Gpu g : gpus) {
            out.printf("%s cuda:%d, compute capability %s, %s memory, %s in use%n", g.index() == 0 ? "gpus         " : "             ",
                    g.index(), g.computeCapability(), gib(g.totalBytes()), gib(g.usedBytes()));
        }

        int cores = rt.availableProcessors();
        String fixed = System.getProperty("ai.djl.pytorch.num_threads");
        out.printf("threads       %d core(s); %s%n", cores, fixed != null ? "ai.djl.pytorch.num_threads=" + fixed
                : "--threads 0 (the default) follows the machine: one per core others leave free");
        out.printf("competition   %s%n", competition(cores));

        HubCache hub = HubCache.fromEnvironment();
        List<String> models = hub.models();
        out.printf("hub cache     %s%s%n", hub.root(), models.isEmpty() ? " (no models)" : "");
        models.forEach(m -> out.printf("              %s%n", m));

        GpuReadiness readiness = readiness(gpus, inUse, downloadAllowed, jni);
        if (readiness.ready()) {
            out.printf("for --gpu     nothing missing%n");
        } else {
            out.printf("for --gpu     missing:%n");
            readiness.missing().forEach(m -> out.printf("              - %s%n", m));
        }
        return 0;
    }

    private GpuReadiness readiness(List<VisibleGpus.Gpu> gpus, LibtorchInUse inUse, boolean downloadAllowed, TorchJni jni) {
        Path local = libtorch;
        String env = System.getenv("PYTORCH_LIBRARY_PATH");
        if (local == null && env != null && !env.isBlank()) {
            local = Path.of(env);
        }
        LibtorchFolder folder = null;
        String problem = null;
        if (local != null) {
            try {
                folder = LibtorchFolder.inspect(local);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        return GpuReadiness.assess(gpus, inUse, folder, problem, downloadAllowed, jni);
    }

    /** Other processes' CPU use over a short sample, and what the automatic thread count makes of it. */
    private static String competition(int cores) {
        CpuTimes before = CpuTimes.read();
        if (before == null) {
            return "unknown (no /proc here)";
        }
        try {
            Thread.sleep(LOAD_SAMPLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
        CpuTimes after = CpuTimes.read();
        double others = after == null ? Double.NaN : before.othersCores(after, cores);
        if (Double.isNaN(others)) {
            return "unknown (no CPU time passed)";
        }
        int threads = ThreadBudget.threadsBeside(others, cores);
        return String.format(Locale.ROOT, "other processes kept %.2f of %d core(s) busy over %.1f s: %s", others, cores,
                LOAD_SAMPLE_MS / 1000.0, threads < cores
                        ? "competing; --threads 0 would compute on " + threads + " thread(s)"
                        : "no competition");
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
