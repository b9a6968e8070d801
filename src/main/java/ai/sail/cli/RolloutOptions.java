package ai.sail.cli;

import ai.sail.config.Choice;
import ai.sail.generate.DecodePath;
import ai.sail.generate.Generator;
import ai.sail.generate.RemoteGenerator;
import ai.sail.generate.ResponseGenerator;
import ai.sail.generate.RolloutEngine;
import ai.sail.generate.RolloutSettings;
import ai.sail.generate.RolloutStats;
import ai.sail.model.LanguageModel;
import java.io.PrintStream;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where generate, eval and bench generate draw their samples: serving engines ({@code --rollout-server})
 * or, by default, Sail's own sampler. {@code sail train} takes the same four options as keys of its
 * configuration ({@code TrainConfig}).
 */
final class RolloutOptions {
    @Option(names = "--rollout-server", paramLabel = "URL[,URL...]",
            description = "Sample on these serving engines (OpenAI-compatible completions, http://host:port) instead of"
                    + " in process; several share each batch. Sail scores every sample with its own model.")
    String servers;

    @Option(names = "--rollout-engine", paramLabel = "auto|llama.cpp|vllm|sglang|openai",
            description = "Request dialect of the rollout servers; auto asks each server (default: ${DEFAULT-VALUE}).")
    String engine = "auto";

    @Option(names = "--rollout-timeout", paramLabel = "SECONDS",
            description = "Seconds one request to a rollout server may take, connecting included (default: ${DEFAULT-VALUE}).")
    double timeout = RolloutSettings.DEFAULT_TIMEOUT_SECONDS;

    @Option(names = "--rollout-retries", paramLabel = "N",
            description = "Further attempts after a failed rollout request (backoff 0.5 s, doubling); then Sail stops,"
                    + " naming the server (default: ${DEFAULT-VALUE}).")
    int retries = RolloutSettings.DEFAULT_RETRIES;

    /** The checked settings, or null without {@code --rollout-server}; call it before loading anything. */
    RolloutSettings settings() {
        RolloutEngine dialect = Choice.parse(RolloutEngine.class, engine, "--rollout-engine");
        return servers == null ? null : RolloutSettings.parse(servers, dialect, timeout, retries);
    }

    /** The engines serving {@code model}, or {@code model} sampled in process; {@code scoreBatch} rows per scoring pass. */
    ResponseGenerator open(LanguageModel model, int scoreBatch, PrintStream log, DecodePath path) {
        RolloutSettings settings = settings();
        return settings == null ? new Generator(model.decoder(), ids -> model.tokenizer().decode(ids, true), path)
                : RemoteGenerator.forPolicy(settings, model, scoreBatch, log);
    }

    /** One line on what the engines' samples measured: their drift from Sail's scoring and the time waited. */
    static void printTotals(ResponseGenerator generator, PrintStream err) {
        if (generator instanceof RemoteGenerator remote) {
            RolloutStats t = remote.totals();
            err.printf(Locale.ROOT, "sail: rollout %d tokens in %.2f s (%.1f tokens/s through the engine), logprob drift %s"
                    + " over %d tokens, scoring %.2f s%n", t.tokens(), t.seconds(), t.tokensPerSecond(),
                    t.comparedTokens() == 0 ? "n/a" : String.format(Locale.ROOT, "%.3g", t.logprobDrift()),
                    t.comparedTokens(), t.scoringSeconds());
        }
    }
}
