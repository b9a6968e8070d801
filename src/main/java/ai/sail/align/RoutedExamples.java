package ai.sail.align;

import ai.sail.data.TokenizedPair;
import ai.sail.data.TokenizedPrompt;
import java.util.List;

/**
 * Examples drawn one at a time and routed at random by {@link Routing}: offline DPO, SAIL-DP (a
 * dataset pair) or SAIL-PP / SAIL-PR (a prompt, from {@code --prompts} when given, else the pair's).
 * With prompts only, every example goes to PP or PR in proportion to p and g.
 */
final class RoutedExamples implements ExampleSource {
    private final Routing routing;
    private final ExampleStream<TokenizedPair> pairs;
    private final ExampleStream<TokenizedPrompt> prompts;

    RoutedExamples(List<TokenizedPair> pairs, List<TokenizedPrompt> prompts, Routing routing, long seed) {
        this.routing = routing;
        this.pairs = pairs.isEmpty() ? null : new ExampleStream<>(pairs, seed);
        this.prompts = prompts.isEmpty() ? null : new ExampleStream<>(prompts, seed + 1);
        if (this.pairs == null && this.prompts == null) {
            throw new IllegalArgumentException("no examples to train on");
        }
    }

    @Override
    public double beforeUpdate(int step, RandomStreams rng, StepMetrics metrics) {
        return 0;
    }

    @Override
    public Example next(RandomStreams rng) {
        if (pairs == null) {
            TokenizedPrompt p = prompts.next();
            double u = rng.routing.nextDouble() * (routing.p() + routing.g());
            Route route = u < routing.p() ? Route.PP : Route.PR;
            return new Example(route, null, p.prompt(), p.promptText(), p.origin());
        }
        TokenizedPair pair = pairs.next();
        Route route = draw(rng.routing.nextDouble());
        if (route.sampled() && prompts != null) {
            TokenizedPrompt p = prompts.next();
            return new Example(route, pair, p.prompt(), p.promptText(), p.origin());
        }
        return new Example(route, pair, pair.prompt(), pair.promptText(), pair.origin());
    }

    private Route draw(double u) {
        if (u < routing.r()) {
            return Route.DP;
        }
        if (u < routing.r() + routing.p()) {
            return Route.PP;
        }
        if (u < routing.r() + routing.p() + routing.g()) {
            return Route.PR;
        }
        return Route.OFFLINE;
    }

    @Override
    public double epoch() {
        return pairs != null ? pairs.progress() : prompts.progress();
    }

    @Override
    public ExamplePosition position() {
        return new ExamplePosition(pairs == null ? 0 : pairs.epoch(), pairs == null ? 0 : pairs.index(),
                prompts == null ? 0 : prompts.epoch(), prompts == null ? 0 : prompts.index(), -1, List.of());
    }

    @Override
    public void restore(ExamplePosition p) {
        if (pairs != null) {
            pairs.seek(p.pairEpoch(), p.pairIndex());
        }
        if (prompts != null) {
            prompts.seek(p.promptEpoch(), p.promptIndex());
        }
    }
}
