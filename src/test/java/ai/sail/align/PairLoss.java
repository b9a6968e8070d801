package ai.sail.align;

import ai.sail.data.DatasetReader;
import ai.sail.data.ExampleTokenizer;
import ai.sail.data.TokenizedPair;
import ai.sail.model.LanguageModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** DPO numbers of a policy against a reference on the first pairs of a run's data, for tests. */
final class PairLoss {
    private PairLoss() {}

    static double meanDpoLoss(LanguageModel policy, LanguageModel reference, TrainConfig config, int count) {
        double sum = 0;
        for (double h : margins(policy, reference, config, count)) {
            sum += Math.log1p(Math.exp(-config.beta() * h));
        }
        return sum / count;
    }

    /** Share of the first pairs whose margin h (dataset order) is positive. */
    static double datasetAccuracy(LanguageModel policy, LanguageModel reference, TrainConfig config, int count) {
        double right = 0;
        for (double h : margins(policy, reference, config, count)) {
            right += h > 0 ? 1 : 0;
        }
        return right / count;
    }

    /** h = (logp_pi(chosen) - logp_ref(chosen)) - (logp_pi(rejected) - logp_ref(rejected)) per pair. */
    private static double[] margins(LanguageModel policy, LanguageModel reference, TrainConfig config, int count) {
        ExampleTokenizer tokenizer = new ExampleTokenizer(policy.tokenizer(), config.tokenization(),
                policy.eosIds().get(0), policy.config().bosId());
        List<TokenizedPair> pairs = tokenizer.tokenizePairs(
                DatasetReader.strict().preferences(Path.of(config.data())).examples()).pairs().subList(0, count);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> chosen = new ArrayList<>();
        List<int[]> rejected = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        for (TokenizedPair p : pairs) {
            prompts.add(p.prompt());
            chosen.add(p.chosen());
            rejected.add(p.rejected());
            keys.add(false);
        }
        float[][] pi = new ReferenceModel(policy.decoder(), false).score(prompts, chosen, rejected, keys);
        float[][] ref = new ReferenceModel(reference.decoder(), false).score(prompts, chosen, rejected, keys);
        double[] h = new double[count];
        for (int i = 0; i < count; i++) {
            h[i] = (pi[0][i] - ref[0][i]) - (pi[1][i] - ref[1][i]);
        }
        return h;
    }
}
