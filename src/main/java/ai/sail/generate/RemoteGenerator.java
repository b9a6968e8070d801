package ai.sail.generate;

import ai.sail.http.RetryingClient;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Responses sampled by serving engines ({@code POST /v1/completions} on llama.cpp, vLLM, SGLang or any
 * OpenAI-compatible server), then scored by Sail's own policy, so each {@link Generation} holds exactly
 * what the in-process sampler's would: token ids, Sail's log-probabilities of them, the decoded text,
 * and how it ended. The engine's own log-probabilities travel along ({@link EngineSample}) and their
 * mean distance to Sail's is measured per call ({@link RolloutStats}).
 *
 * <p>A batch becomes requests: one per run of identical prompts (asking {@code n} samples) where the
 * engine draws {@code n} distinct samples, else one per row. Each request gets a seed from the caller's
 * random stream, in row order, so the same seed and inputs send the same requests. Requests go round
 * the servers in turn and out at once, up to {@link RolloutSettings#requestsPerServer} in flight per
 * server, so that engines batch them. A server that still fails after its retries stops the call,
 * naming it; there is no fall-back to sampling here.
 */
public final class RemoteGenerator implements ResponseGenerator {
    private final List<RolloutServer> servers;
    private final List<ExecutorService> pools;
    private final ModelConfig config;
    private final TokenScorer scorer;
    private final TokenText text;
    private final PrintStream log;
    private final AtomicBoolean saidRetokenized = new AtomicBoolean();
    private volatile long currentVersion;
    private volatile long servedVersion;
    private WeightSync sync;
    private int syncSteps = 1;
    private GenerationTimings lastTimings;
    private RolloutStats lastRollout;
    private RolloutStats totals = new RolloutStats(Double.NaN, 0, 0, 0, 0, 0);

    /**
     * Connects to every server (each must answer its model list) and says on {@code log} what it found.
     *
     * @param config the policy's configuration: its context bounds the responses as it does in-process
     * @param scorer Sail's log-probabilities of the sampled tokens
     */
    public RemoteGenerator(RolloutSettings settings, ModelConfig config, TokenScorer scorer, TokenText text,
            PrintStream log) {
        this.config = Objects.requireNonNull(config, "config");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.text = Objects.requireNonNull(text, "text");
        this.log = Objects.requireNonNull(log, "log");
        HttpClient http = RetryingClient.httpClient(settings.retry());
        RetryingClient client = new RetryingClient(http, settings.retry(), RolloutSettings.ROLE,
                RolloutUnavailableException::new);
        List<RolloutServer> connected = new ArrayList<>();
        for (URI uri : settings.servers()) {
            RolloutServer server = RolloutServer.connect(uri, settings.engine(), client);
            log.println("rollout    " + server);
            connected.add(server);
        }
        this.servers = List.copyOf(connected);
        List<ExecutorService> p = new ArrayList<>();
        for (RolloutServer server : servers) {
            p.add(Executors.newFixedThreadPool(settings.requestsPerServer(), r -> {
                Thread t = new Thread(r, "sail-rollout " + server.base());
                t.setDaemon(true);
                return t;
            }));
        }
        this.pools = List.copyOf(p);
    }

    /** A generator for {@code policy}: its context, its tokenizer, and its scoring path ({@code scoreBatch} rows a pass). */
    public static RemoteGenerator forPolicy(RolloutSettings settings, LanguageModel policy, int scoreBatch, PrintStream log) {
        return new RemoteGenerator(settings, policy.config(), TokenScorer.of(policy.decoder(), scoreBatch),
                new TokenText(ids -> policy.tokenizer().decode(ids, true), s -> policy.tokenizer().encode(s, false)), log);
    }

    @Override
    public void checkContext(List<int[]> prompts, GenerationSettings settings) {
        ContextBudget.newTokens(prompts, settings, config, 1);
    }

    @Override
    public List<Generation> generate(List<int[]> prompts, GenerationSettings settings, Random rng, int firstNumber) {
        if (prompts.isEmpty()) {
            return List.of();
        }
        syncIfDue();
        long start = System.nanoTime();
        int[] budget = ContextBudget.newTokens(prompts, settings, config, firstNumber);
        List<CompletionJob> jobs = jobs(prompts, budget, rng);
        long version = servedVersion;
        long lag = currentVersion - version;

        // Out at once, round the servers; answers in, in row order.
        List<CompletableFuture<List<CompletionAnswer.Choice>>> futures = new ArrayList<>(jobs.size());
        for (int j = 0; j < jobs.size(); j++) {
            RolloutServer server = servers.get(j % servers.size());
            Map<String, Object> body = CompletionRequest.body(server.engine(), server.model(), jobs.get(j), settings,
                    server.engine().takesTokenIds() ? null : text.decode().apply(jobs.get(j).prompt()));
            int count = jobs.get(j).count();
            futures.add(CompletableFuture.supplyAsync(() -> server.complete(body, count), pools.get(j % servers.size())));
        }
        List<List<CompletionAnswer.Choice>> answers = collect(futures);
        long answered = System.nanoTime();

        List<int[]> tokens = new ArrayList<>(prompts.size());
        List<Sample> samples = new ArrayList<>(prompts.size());
        for (int j = 0; j < jobs.size(); j++) {
            RolloutServer server = servers.get(j % servers.size());
            for (CompletionAnswer.Choice choice : answers.get(j)) {
                Sample s = sample(choice, settings, server);
                samples.add(s);
                tokens.add(s.tokens());
            }
        }
        long scoringStart = System.nanoTime();
        List<float[]> sail = scorer.score(prompts, tokens);
        long scored = System.nanoTime();

        List<Generation> out = new ArrayList<>(prompts.size());
        double drift = 0;
        long compared = 0;
        long generated = 0;
        int longest = 0;
        for (int r = 0; r < prompts.size(); r++) {
            Sample s = samples.get(r);
            float[] own = sail.get(r);
            for (int i = 0; i < own.length; i++) {
                if (Float.isFinite(s.engineLogProbs()[i])) {
                    drift += Math.abs(s.engineLogProbs()[i] - own[i]);
                    compared++;
                }
            }
            generated += s.tokens().length;
            longest = Math.max(longest, s.tokens().length);
            out.add(new Generation(prompts.get(r).clone(), s.tokens(), own, s.text(), s.endedWithEos(), s.stoppedByString(),
                    new EngineSample(s.server(), s.engine(), s.engineLogProbs(), s.retokenized(), version)));
        }
        long end = System.nanoTime();
        lastTimings = new GenerationTimings(answered - start, 0, end - answered, generated, longest, null);
        lastRollout = new RolloutStats(compared == 0 ? Double.NaN : drift / compared, compared, lag,
                (answered - start) / 1e9, (scored - scoringStart) / 1e9, generated);
        totals = totals.plus(lastRollout);
        return out;
    }

    /**
     * Rows grouped into requests: consecutive rows with the same prompt and budget share one request
     * where every server's engine draws distinct samples for {@code n > 1}; one seed per request.
     */
    private List<CompletionJob> jobs(List<int[]> prompts, int[] budget, Random rng) {
        int perRequest = servers.stream().mapToInt(s -> s.engine().samplesPerRequest()).min().orElse(1);
        List<CompletionJob> jobs = new ArrayList<>();
        int row = 0;
        while (row < prompts.size()) {
            int count = 1;
            while (count < perRequest && row + count < prompts.size()
                    && budget[row + count] == budget[row] && Arrays.equals(prompts.get(row + count), prompts.get(row))) {
                count++;
            }
            // Non-negative and below 2^31 - 1: every engine's seed type holds it, and llama.cpp reads 2^32 - 1 as "random".
            int seed = rng.nextInt() & Integer.MAX_VALUE;
            jobs.add(new CompletionJob(row, count, prompts.get(row), budget[row], seed));
            row += count;
        }
        return jobs;
    }

    /** Every request's answer, in order; the first failure per server, all of them named, if any failed. */
    private List<List<CompletionAnswer.Choice>> collect(List<CompletableFuture<List<CompletionAnswer.Choice>>> futures) {
        List<List<CompletionAnswer.Choice>> answers = new ArrayList<>(futures.size());
        Map<URI, RuntimeException> failed = new LinkedHashMap<>();
        for (int j = 0; j < futures.size(); j++) {
            URI server = servers.get(j % servers.size()).base();
            try {
                answers.add(futures.get(j).join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                failed.putIfAbsent(server, cause);
                answers.add(null); // every request is still waited for (each within its timeout), so each failing server is named
            }
        }
        if (failed.isEmpty()) {
            return answers;
        }
        RuntimeException first = failed.values().iterator().next();
        if (servers.size() == 1) {
            throw first;
        }
        throw new RolloutUnavailableException(failed.size() + " of " + servers.size()
                + " rollout servers failed, so the batch has no samples: "
                + String.join("; ", failed.values().stream().map(Throwable::getMessage).toList()), first);
    }

    /** One engine sample, read into Sail's terms before scoring. */
    private record Sample(int[] tokens, float[] engineLogProbs, String text, boolean endedWithEos,
            boolean stoppedByString, boolean retokenized, URI server, RolloutEngine engine) {}

    /**
     * Tokens, ending and text of one choice. An EOS the engine reports as its stop reason but leaves out of
     * its tokens is put back, because Sail's responses and losses include it; text is Sail's decoding of
     * the tokens (cut before a stop string), as the in-process sampler makes it, unless the engine gave
     * text only.
     */
    private Sample sample(CompletionAnswer.Choice choice, GenerationSettings settings, RolloutServer server) {
        boolean retokenized = choice.ids() == null;
        int[] ids;
        float[] engineLogProbs;
        if (retokenized) {
            if (saidRetokenized.compareAndSet(false, true)) {
                log.println("note       rollout server " + server.base() + " answers with text only: Sail tokenizes its"
                        + " responses with the policy's tokenizer (the engine's own tokens may have differed;"
                        + " rollout/logprob_drift leaves such responses out)");
            }
            ids = text.encode().apply(choice.text());
            engineLogProbs = nans(ids.length);
        } else {
            ids = choice.ids();
            engineLogProbs = choice.logProbs() != null && choice.logProbs().length == ids.length
                    ? choice.logProbs() : nans(ids.length);
        }
        boolean eos = ids.length > 0 && settings.eosIds().contains(ids[ids.length - 1]);
        boolean stopped = false;
        if (!eos && "stop".equals(choice.finishReason())) {
            Integer leftOut = leftOutEos(choice.stop(), settings);
            if (leftOut != null) {
                ids = Arrays.copyOf(ids, ids.length + 1);
                ids[ids.length - 1] = leftOut;
                engineLogProbs = Arrays.copyOf(engineLogProbs, ids.length);
                engineLogProbs[ids.length - 1] = Float.NaN;
                eos = true;
            } else {
                stopped = true; // a stop string, named by the engine or not
            }
        }
        String response = retokenized ? choice.text() : text.decode().apply(ids);
        if (stopped && !retokenized) {
            response = Generator.cutAtStopString(response, settings);
        }
        return new Sample(ids, engineLogProbs, response, eos, stopped, retokenized, server.base(), server.engine());
    }

    /**
     * The EOS id a response stopped at without it in its tokens: the one the engine names as its stop
     * reason, or, when it names none and no stop string was asked for, the only thing that can have
     * stopped it (the lowest EOS id, for a model with several). Null when a stop string stopped it.
     */
    private static Integer leftOutEos(Object stop, GenerationSettings settings) {
        if (stop instanceof Integer id) {
            return settings.eosIds().contains(id) ? id : null;
        }
        if (stop == null && settings.stopStrings().isEmpty() && !settings.eosIds().isEmpty()) {
            return settings.eosIds().stream().min(Integer::compare).orElseThrow();
        }
        return null;
    }

    private static float[] nans(int n) {
        float[] out = new float[n];
        Arrays.fill(out, Float.NaN);
        return out;
    }

    @Override
    public GenerationTimings lastTimings() {
        return lastTimings;
    }

    @Override
    public Optional<RolloutStats> lastRollout() {
        return Optional.ofNullable(lastRollout);
    }

    /** Every call so far, summed (drift averaged over all compared tokens, lag at its largest). */
    public RolloutStats totals() {
        return totals;
    }

    @Override
    public void policyUpdated(long version) {
        currentVersion = version;
    }

    /**
     * Pushes the weights when the served ones are {@code syncSteps} or more updates old. This runs just
     * before sampling rather than at each update: steps that sample nothing online push nothing, and a
     * resumed run pushes the restored weights (restored after the trainer announced its step) before its
     * first sample.
     */
    private void syncIfDue() {
        long version = currentVersion;
        if (sync == null || version - servedVersion < syncSteps) {
            return;
        }
        try {
            sync.push(version);
        } catch (IOException | RuntimeException e) {
            // Never carry on with stale weights: the lag allowed was checked against sync-steps at startup.
            throw new RolloutUnavailableException("weight sync to " + sync + " failed at update " + version
                    + ": " + e.getMessage() + "; the run stops rather than sample from stale weights", e);
        }
        weightsServed(version);
    }

    /**
     * Pushes the weights through {@code sync} once they are {@code syncSteps} updates old, before the next
     * sample, from now on; closes it with this generator.
     */
    public void syncWith(WeightSync sync, int syncSteps) {
        if (syncSteps < 1) {
            throw new IllegalArgumentException("sync steps must be >= 1, got " + syncSteps);
        }
        this.sync = java.util.Objects.requireNonNull(sync, "sync");
        this.syncSteps = syncSteps;
    }

    /**
     * The seam for weight sync: the engines now serve the policy as it was after update {@code version}.
     * Samples drawn from then on record that version, and {@link RolloutStats#policyLag} counts the updates
     * since. Until a sync calls it, the engines serve the weights the run started with (version 0).
     */
    public void weightsServed(long version) {
        servedVersion = version;
    }

    /** The engines' dialects, one per server in order. */
    public List<RolloutEngine> engines() {
        return servers.stream().map(RolloutServer::engine).toList();
    }

    @Override
    public String describe() {
        return "rollout server(s) " + String.join(", ", servers.stream().map(RolloutServer::toString).toList());
    }

    @Override
    public void close() {
        pools.forEach(ExecutorService::shutdownNow);
        if (sync != null) {
            sync.close();
        }
    }
}
