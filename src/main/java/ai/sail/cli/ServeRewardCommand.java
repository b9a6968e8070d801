package ai.sail.cli;

import ai.djl.Device;
import ai.sail.http.RetryPolicy;
import ai.sail.reward.RewardContext;
import ai.sail.reward.RewardModelSource;
import ai.sail.reward.RewardServer;
import ai.sail.reward.RewardSources;
import ai.sail.tensor.Interruption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sail serve-reward}: any reward source {@code sail train --reward} takes, served over HTTP
 * for {@code --reward http://...} ({@link RewardServer}). Its URL is the one line on stdout, printed
 * once the server accepts requests, so a script can start it in the background and wait for that
 * line; it serves until SIGINT or SIGTERM.
 */
@Command(name = "serve-reward", mixinStandardHelpOptions = true,
        description = {"Serve a reward source over HTTP in the protocol of --reward http://... (OpenRLHF's remote reward",
            "model): POST /get_reward {\"query\": [...], \"prompts\": [...]} -> {\"rewards\": [...]}. Prints the URL on stdout",
            "when ready; stops on Ctrl-C or SIGTERM."})
final class ServeRewardCommand implements Callable<Integer> {
    @Option(names = "--reward", required = true, paramLabel = "SPEC",
            description = "What to serve: length:N, lexicon:sentiment, regex:..., keywords:..., server URL(s), class:NAME or a reward model.")
    String reward;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on; 0.0.0.0 accepts other machines (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "5000", paramLabel = "N",
            description = "Port to listen on; 0 = a free one, printed in the URL (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--batch-size", defaultValue = "" + RewardModelSource.DEFAULT_BATCH_SIZE, paramLabel = "N",
            description = "Rows per forward pass of a reward model (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--reward-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "When serving other reward servers: seconds one request to them may take (default: ${DEFAULT-VALUE}).")
    double rewardTimeout;

    @Option(names = "--reward-retries", defaultValue = "3", paramLabel = "N",
            description = "When serving other reward servers: further attempts after a failed request (default: ${DEFAULT-VALUE}).")
    int rewardRetries;

    @Option(names = "--log-requests", description = "Print one line per request on stderr (status, queries, milliseconds).")
    boolean logRequests;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        if (!(rewardTimeout > 0) || Double.isInfinite(rewardTimeout)) {
            throw new IllegalArgumentException("--reward-timeout must be a number of seconds > 0, got " + rewardTimeout);
        }
        RetryPolicy remote = RetryPolicy.of(rewardTimeout, rewardRetries);
        Device device = runtime.apply();
        RewardContext context = RewardContext.on(device).withBatchSize(batchSize).withRemote(remote);
        try (RewardServer server = RewardServer.start(RewardSources.parse(reward, context), host, port,
                logRequests ? System.err::println : null)) {
            System.err.println("serving    " + server.describe() + "; stop with Ctrl-C or SIGTERM");
            System.out.println(server.uri());
            System.out.flush();
            Interruption.await();
        }
        // A server ends only when asked to: report the stop like every other command (exit status 130 / 143).
        Interruption.check("; the reward server is closed");
        return 0;
    }
}
