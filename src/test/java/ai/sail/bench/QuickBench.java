package ai.sail.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.sail.generate.*;
import ai.sail.model.*;
import ai.sail.tensor.*;
import java.util.List;

public class QuickBench {
    public static void main(String[] a) {
        TorchRuntime.configureThreads(2);
        ModelConfig c = new ModelConfig(Architecture.LLAMA, 8192, 256, 4, 4, 4, 64, 768, 2048, 1e-5f, 10000.0,
                RopeStyle.HALF_SPLIT, false, 0, 1, List.of(2), -1);
        System.out.println("matmul GFLOP/s " + MatmulRate.gflops(Device.cpu(), 1024, 5));
        try (NDManager m = TorchRuntime.newManager(Device.cpu()); Decoder d = new Decoder(c, DecoderWeights.random(c, m, 1), m)) {
            for (int i = 0; i < 3; i++) {
                var r = GenerationBenchmark.run(d, 8, 16, 64, new SamplingSettings(1f, 0, 1f), 3, 1);
                var t = r.best();
                System.out.printf("tok/s %.1f model %.1fms sampling %.1fms book %.1fms%n", r.tokensPerSecond(), t.modelNanos() / 1e6, t.samplingNanos() / 1e6, t.bookkeepingNanos() / 1e6);
            }
        }
    }
}
