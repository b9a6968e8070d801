package ai.sail.align;

import ai.sail.data.DatasetReader;
import ai.sail.data.ExampleTokenizer;
import ai.sail.data.TokenizedPair;
import ai.sail.model.LanguageModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mean DPO loss of a policy against a reference on the first pairs of a run's data, for tests. */
final class PairLoss {
    private PairLoss() {}

    static double meanDpoLoss(LanguageModel policy, LanguageModel reference, TrainConfig config, int count) {
        ExampleTokenizer tokenizer = new ExampleTokenizer(policy.tokenizer(), config.tokenization(),
                policy.eosIds().get(0), policy.config().bosId());
        List<TokenizedPair> pairs = tokenizer.tokenizePairs(
                DatasetReader.strict().preferences(Path.of(config.data())).examples()).pairs().subList(0, count);
        List<int[]> prompts = new ArrayList<>();
        List<int[]> chosen = new ArrayList<>();
        List<int[]> rejected = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (TokenizedPair p : pairs) {
            prompts.add(p.prompt());
            chosen.add(p.chosen());
            rejected.add(p.rejected());
            keys.add(null);
        }
        float[][] pi = new ReferenceModel(policy.decoder(), false).score(prompts, chosen, rejected, keys);
        float[][] ref = new ReferenceModel(reference.decoder(), false).score(prompts, chosen, rejected, keys);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            double h = (pi[0][i] - ref[0][i]) - (pi[1][i] - ref[1][i]);
            sum += Math.log1p(Math.exp(-config.beta() * h));
        }
        return sum / count;
    }
}
