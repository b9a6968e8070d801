package ai.sail.reward;

import ai.sail.http.RetryPolicy;
import ai.sail.http.RetryingClient;
import ai.sail.http.ServerUrls;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Rewards from one or more HTTP reward servers (the convention Python RLHF tools use; see
 * {@link RewardServerClient}), so a reward model too large for this machine, or written in Python,
 * can label Sail's pairs.
 *
 * <p>With several servers the batch is cut into contiguous, near-equal chunks, one per server in the
 * order given (the first servers take the extra query when it does not divide evenly), and the chunks
 * are sent in parallel; the rewards come back in query order. If any server still fails after its
 * retries the whole call fails, naming every server that failed and its last failure: a partial answer
 * padded with defaults would mislabel pairs.
 */
public final class RemoteRewardSource implements RewardSource {
    private static final String ROLE = "reward server";
    private final List<RewardServerClient> servers;
    private final RetryPolicy settings;
    private final ExecutorService pool;

    public RemoteRewardSource(List<URI> servers, RetryPolicy settings) {
        Objects.requireNonNull(settings, "settings");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one reward server is needed");
        }
        HttpClient http = RetryingClient.httpClient(settings);
        List<RewardServerClient> clients = new ArrayList<>();
        for (URI uri : servers) {
            clients.add(new RewardServerClient(ServerUrls.checked(uri, ROLE), http, settings));
        }
        this.servers = List.copyOf(clients);
        this.settings = settings;
        this.pool = servers.size() == 1 ? null : Executors.newFixedThreadPool(servers.size(), r -> {
            Thread t = new Thread(r, "sail-reward-server");
            t.setDaemon(true);
            return t;
        });
    }

    /** Parses {@code http://a:1/get_reward,http://b:2/get_reward}: one or more comma-separated URLs. */
    public static RemoteRewardSource parse(String spec, RetryPolicy settings) {
        return new RemoteRewardSource(ServerUrls.parse(spec, ROLE), settings);
    }

    @Override
    public double[] score(List<RewardQuery> queries) {
        if (queries.isEmpty()) {
            return new double[0];
        }
        List<IndexRange> chunks = IndexRange.split(queries.size(), servers.size());
        if (chunks.size() == 1) {
            return servers.get(0).score(queries);
        }
        List<CompletableFuture<double[]>> futures = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            RewardServerClient server = servers.get(c);
            List<RewardQuery> chunk = queries.subList(chunks.get(c).from(), chunks.get(c).to());
            futures.add(CompletableFuture.supplyAsync(() -> server.score(chunk), pool));
        }
        double[] out = new double[queries.size()];
        List<String> failures = new ArrayList<>();
        RuntimeException first = null;
        for (int c = 0; c < futures.size(); c++) {
            try {
                double[] part = futures.get(c).join();
                System.arraycopy(part, 0, out, chunks.get(c).from(), part.length);
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                failures.add(cause.getMessage());
                first = first == null ? cause : first;
            }
        }
        if (!failures.isEmpty()) {
            throw new RewardUnavailableException(failures.size() + " of " + chunks.size()
                    + " reward servers failed, so the batch has no rewards: " + String.join("; ", failures), first);
        }
        return out;
    }

    @Override
    public String describe() {
        return "remote reward server(s) " + servers.stream().map(s -> s.uri().toString()).collect(Collectors.joining(", "))
                + " (timeout " + settings.timeout().toMillis() + " ms, " + settings.retries() + " retries)";
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
