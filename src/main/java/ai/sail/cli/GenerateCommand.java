package ai.sail.cli;

import ai.djl.Device;
import ai.sail.generate.DecodePath;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.ResponseGenerator;
import ai.sail.model.LanguageModel;
import ai.sail.text.Prompt;
import ai.sail.text.PromptEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate responses from a model (batched, with a KV cache).")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PromptOptions.TextOrBatchFile input;

    @Mixin
    PromptOptions prompts;

    @Mixin
    SamplingOptions sampling;

    // generate alone takes these two sampling options, so they are declared here rather than in the mixin.
    @Option(names = "--top-k", paramLabel = "K",
            description = "Sample among the K most likely tokens; 0 = off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--stop", paramLabel = "TEXT",
            description = "Stop a response once it contains TEXT (repeatable); TEXT is cut from the output.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object per prompt: text, token ids, log-probabilities, EOS.")
    boolean json;

    @Mixin
    RolloutOptions rollout;

    @Mixin
    DecodePathOption decodePath;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        sampling.sampling(topK); // checks the sampling flags before anything is read or loaded
        sampling.checkBatchSize();
        rollout.settings();
        DecodePath path = decodePath.parse();
        List<Prompt> all = input.read();
        Device device = runtime.apply();
        try (LanguageModel lm = model.load(device);
                ResponseGenerator generator = rollout.open(lm, sampling.batchSize, System.err, path)) {
            PromptEncoder encoder = new PromptEncoder(lm.tokenizer(), lm.config().bosId());
            GenerationSettings settings = sampling.generation(topK, lm.eosIds(), stop);
            GenerationPrinter printer = new GenerationPrinter(System.out, json, all.size() > 1);
            Random rng = new Random(settings.seed());
            List<int[]> allIds = all.stream().map(p -> encoder.prompt(p, prompts.chat)).toList();
            generator.checkContext(allIds, settings); // a long prompt is refused before any output
            for (int from = 0; from < all.size(); from += sampling.batchSize) {
                int to = Math.min(all.size(), from + sampling.batchSize);
                printer.print(from, all.subList(from, to), generator.generate(allIds.subList(from, to), settings, rng, from + 1));
            }
            printer.printSpeed(generator.lastTimings(), System.err);
            RolloutOptions.printTotals(generator, System.err);
        }
        return 0;
    }
}
