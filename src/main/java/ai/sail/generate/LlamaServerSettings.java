package ai.sail.generate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How Sail starts llama.cpp's {@code llama-server} for rollouts.
 *
 * @param binary the {@code llama-server} executable
 * @param threads CPU threads for generation and prompt processing ({@code -t}, {@code -tb}); 1 by
 *     default, since on a small machine the trainer needs the other cores
 * @param slots requests the server decodes at once ({@code --parallel}); a batch of rollouts is sent
 *     concurrently, so this is the batch size Sail sends
 * @param slotContext tokens each slot holds, prompt plus response; the server gets
 *     {@code slots * slotContext} in all ({@code -c}), which it divides among the slots
 * @param f32KvCache keep the key/value cache in F32 ({@code -ctk f32 -ctv f32}) instead of llama.cpp's
 *     default F16: with F16 the served log-probabilities differ from Sail's by about 2e-3 on
 *     stories260K, with F32 by about 2e-6, and rollouts must be scored by the policy that made them
 * @param startTimeout how long to wait for {@code GET /health} to answer ok after a (re)start
 * @param extraArguments further command-line arguments, appended as given
 */
public record LlamaServerSettings(Path binary, int threads, int slots, int slotContext, boolean f32KvCache,
        Duration startTimeout, List<String> extraArguments) {

    public static final int DEFAULT_THREADS = 1;
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    public LlamaServerSettings {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(startTimeout, "startTimeout");
        extraArguments = List.copyOf(extraArguments);
        if (threads < 1) {
            throw new IllegalArgumentException("llama-server threads must be >= 1, got " + threads);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("llama-server slots (--parallel) must be >= 1, got " + slots);
        }
        if (slotContext < 2) {
            throw new IllegalArgumentException("llama-server context per slot must be >= 2 tokens, got " + slotContext);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("llama-server start timeout must be positive, got " + startTimeout);
        }
    }

    /**
     * One thread, an F32 cache, the default start timeout, and room for {@code slots} concurrent
     * requests of up to {@code slotContext} tokens each.
     */
    public static LlamaServerSettings of(Path binary, int slots, int slotContext) {
        return new LlamaServerSettings(binary, DEFAULT_THREADS, slots, slotContext, true, DEFAULT_START_TIMEOUT, List.of());
    }

    public LlamaServerSettings withThreads(int n) {
        return new LlamaServerSettings(binary, n, slots, slotContext, f32KvCache, startTimeout, extraArguments);
    }

    public LlamaServerSettings withStartTimeout(Duration timeout) {
        return new LlamaServerSettings(binary, threads, slots, slotContext, f32KvCache, timeout, extraArguments);
    }

    /** The command line that serves {@code model} on {@code port} of the loopback interface (0: any free port). */
    List<String> command(Path model, int port) {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary.toString(),
                "--model", model.toString(),
                "--host", LlamaServerProcess.HOST,
                "--port", Integer.toString(port),
                "--threads", Integer.toString(threads),
                "--threads-batch", Integer.toString(threads),
                "--parallel", Integer.toString(slots),
                "--ctx-size", Long.toString(Math.multiplyExact((long) slots, slotContext)),
                // Restarts happen at every weight sync: the warm-up decode would only add to each one.
                "--no-warmup",
                "--no-webui"));
        if (f32KvCache) {
            cmd.addAll(List.of("--cache-type-k", "f32", "--cache-type-v", "f32"));
        }
        cmd.addAll(extraArguments);
        return cmd;
    }
}
