package ai.sail.cli;

import ai.djl.Device;
import ai.sail.model.LanguageModel;
import ai.sail.model.ResponseScorer;
import ai.sail.model.ScoringBatch;
import ai.sail.tensor.StepScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Print log-probabilities of a response given a prompt (or of raw token rows) as JSON.",
            "For a reward model (a *ForSequenceClassification checkpoint) prints each row's score instead."})
final class ScoreCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ScoreInput input;

    @Mixin
    PromptOptions prompts;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Device device = runtime.apply();
        try (LanguageModel lm = model.load(device); StepScope scope = new StepScope()) {
            ScoringBatch batch = input.batch(lm, prompts.chat);
            ResponseScorer scorer = new ResponseScorer(lm.decoder());
            Object out = lm.config().isRewardModel()
                    ? ScoreRows.rewards(scorer.rewards(batch, lm.decoder().manager()))
                    : ScoreRows.logProbs(lm, batch, scorer.score(batch, lm.decoder().manager()));
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        }
        return 0;
    }
}
