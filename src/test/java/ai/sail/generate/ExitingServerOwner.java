package ai.sail.generate;

import java.nio.file.Path;

/**
 * A JVM that starts llama-server and exits without closing it, for the test that the server does not
 * outlive the run that started it. Arguments: the binary and a GGUF file; prints the server's pid.
 */
public final class ExitingServerOwner {
    private ExitingServerOwner() {}

    public static void main(String[] args) throws Exception {
        LlamaServerProcess server = LlamaServerProcess.start(LlamaServerSettings.of(Path.of(args[0]), 1, 64), Path.of(args[1]));
        System.out.println(server.pid());
        System.out.flush();
        System.exit(0); // no close(): the shutdown hook must stop the server
    }
}
