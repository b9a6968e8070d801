package ai.sail.reward;

import ai.sail.io.HubCache;
import ai.sail.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a reward spec from the command line or a config file into a {@link RewardSource}. One string
 * names every kind of reward, so the same option serves training (SAIL-PR labels) and evaluation.
 * Every source returned is wrapped so that a broken one (wrong count, NaN) fails with its name.
 */
public final class RewardSources {
    /** The accepted forms, for help texts and error messages. */
    public static final String FORMS = String.join("\n",
            "  lexicon:sentiment        sentiment of the response under Sail's word lexicon",
            "  length:N                 -|characters - N| / N",
            "  regex:PATTERN            1 if the response contains a match of the Java regex, else 0",
            "  keywords:a,b,c           share of the keywords present as whole words (case-insensitive)",
            "  http://HOST:PORT/PATH    remote reward server(s), comma-separated (OpenRLHF convention)",
            "  class:NAME[:ARG]         a RewardSource class on the class path",
            "  implicit                 beta * (logp_policy - logp_reference)",
            "  PATH or Org/Name         a *ForSequenceClassification reward model directory or cached hub id");

    private RewardSources() {}

    public static RewardSource parse(String spec, RewardContext ctx) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty reward spec; accepted forms:\n" + FORMS);
        }
        String s = spec.strip();
        return new CheckedRewardSource(create(s, ctx));
    }

    private static RewardSource create(String s, RewardContext ctx) {
        if (s.startsWith("lexicon:")) {
            String name = s.substring("lexicon:".length());
            if (!name.equals("sentiment")) {
                throw new IllegalArgumentException("unknown lexicon '" + name + "'; the built-in one is lexicon:sentiment");
            }
            return LexiconReward.sentiment();
        }
        if (s.startsWith("length:")) {
            return new LengthReward(positiveInt(s.substring("length:".length()), s));
        }
        if (s.startsWith("regex:")) {
            return new RegexReward(s.substring("regex:".length()));
        }
        if (s.startsWith("keywords:")) {
            return KeywordReward.parse(s.substring("keywords:".length()));
        }
        if (s.startsWith("class:")) {
            return CustomRewardLoader.load(s.substring("class:".length()));
        }
        if (s.startsWith("http://") || s.startsWith("https://")) {
            return RemoteRewardSource.parse(s, ctx.remote());
        }
        if (s.equals("implicit")) {
            if (!ctx.hasPolicy()) {
                throw new IllegalArgumentException("reward 'implicit' needs the policy and reference models,"
                        + " which this command does not have");
            }
            return new ImplicitReward(ctx.policy(), ctx.reference(), ctx.beta(), ctx.batchSize());
        }
        if (Files.exists(Path.of(s))) {
            return RewardModelSource.load(s, ctx.device(), ctx.batchSize());
        }
        if (HubCache.isRepoId(s)) {
            try {
                ModelLoader.resolve(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("reward '" + s + "' is not a known form, and as a model: "
                        + e.getMessage() + "; accepted forms:\n" + FORMS, e);
            }
            return RewardModelSource.load(s, ctx.device(), ctx.batchSize());
        }
        throw new IllegalArgumentException("reward '" + s + "' is not a known form and no such file or directory"
                + " exists; accepted forms:\n" + FORMS);
    }

    private static int positiveInt(String text, String spec) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + spec + "': N must be a whole number of characters > 0");
    }
}
