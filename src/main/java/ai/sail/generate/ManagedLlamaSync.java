package ai.sail.generate;

import ai.sail.io.GgmlType;
import ai.sail.model.GgufCheckpointWriter;
import ai.sail.model.LanguageModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Weight sync for a llama-server that Sail starts itself: each push writes the policy as a GGUF file and
 * restarts the server on it. llama-server cannot swap weights in place, and a restart on stories-sized
 * models takes well under a second, so this is the cheapest route it offers.
 *
 * <p>The GGUF files live in {@code dir} (the run directory's {@code rollout-weights/}): the new file is
 * written under a temporary name and moved into place, so a crash mid-write never leaves a truncated
 * file where the server would load it, and the previous file is deleted once the server runs on the new
 * one. {@link #close} stops the server and removes the directory.
 */
public final class ManagedLlamaSync implements WeightSync {

    private final LanguageModel policy;
    private final Path dir;
    private final GgmlType type;
    private final LlamaServerProcess server;
    private Path served;

    private ManagedLlamaSync(LanguageModel policy, Path dir, GgmlType type, LlamaServerProcess server, Path served) {
        this.policy = policy;
        this.dir = dir;
        this.type = type;
        this.server = server;
        this.served = served;
    }

    /** Writes the initial policy to {@code dir} and starts llama-server on it. */
    public static ManagedLlamaSync start(LanguageModel policy, LlamaServerSettings settings, Path dir, GgmlType type)
            throws IOException {
        Objects.requireNonNull(policy, "policy");
        if (type != GgmlType.F32 && type != GgmlType.F16) {
            throw new IllegalArgumentException("the managed llama-server takes an F32 or F16 GGUF, got " + type);
        }
        Files.createDirectories(dir);
        Path first = write(policy, dir, type, 0);
        return new ManagedLlamaSync(policy, dir, type, LlamaServerProcess.start(settings, first), first);
    }

    /** The server's base URL, for the rollout client. */
    public LlamaServerProcess server() {
        return server;
    }

    @Override
    public void push(long version) throws IOException {
        Path next = write(policy, dir, type, version);
        server.restart(next);
        Path previous = served;
        served = next;
        Files.deleteIfExists(previous);
    }

    private static Path write(LanguageModel policy, Path dir, GgmlType type, long version) throws IOException {
        Path target = dir.resolve("policy-" + version + ".gguf");
        Path partial = dir.resolve("policy-" + version + ".gguf.partial");
        GgufCheckpointWriter.save(policy, partial, type);
        return Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        server.close();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // Leftover temporary files in the run directory are harmless; the run's result is not.
        }
    }

    @Override
    public String toString() {
        return "managed " + server;
    }
}
