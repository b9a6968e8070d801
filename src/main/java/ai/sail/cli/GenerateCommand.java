package ai.sail.cli;

import ai.sail.generate.Generation;
import ai.sail.generate.GenerationSettings;
import ai.sail.generate.Generator;
import ai.sail.generate.SamplingSettings;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.text.PromptEncoder;
import ai.sail.data.DatasetReader;
import ai.sail.data.PromptExample;
import ai.sail.text.Prompt;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate responses from a model (batched, with a KV cache).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "PATH|Org/Name",
            description = "A Hugging Face model directory, a .gguf file, or a hub id already in the local Hugging Face cache.")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT",
                description = "The prompt; \"\" starts from BOS alone.")
        String prompt;

        @Option(names = "--batch-file", paramLabel = "prompts.jsonl",
                description = "Prompts, JSON Lines or a JSON array: a JSON string, {\"prompt\": TEXT or messages}, {\"messages\": [...]} or ShareGPT rows.")
        Path batchFile;
    }

    @Option(names = "--chat", description = "Wrap each prompt as a user message in the model's chat template.")
    boolean chat;

    @Option(names = "--max-new-tokens", defaultValue = "128", paramLabel = "N",
            description = "Tokens to generate at most per prompt (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Sample among the K most likely tokens; 0 = off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", paramLabel = "P",
            description = "Nucleus sampling mass; 1 = off (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of the sampling stream; the same seed reproduces a run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT",
            description = "Stop a response once it contains TEXT (repeatable); TEXT is cut from the output.")
    List<String> stop = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N",
            description = "Prompts generated together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--json", description = "Print one JSON object per prompt: text, token ids, log-probabilities, EOS.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        SamplingSettings sampling = new SamplingSettings(temperature, topK, topP);
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        List<Prompt> prompts = input.batchFile != null
                ? DatasetReader.strict().prompts(input.batchFile).examples().stream().map(PromptExample::prompt).toList()
                : List.of(Prompt.text(input.prompt));
        var device = runtime.apply();
        ObjectMapper mapper = new ObjectMapper();
        try (LanguageModel lm = ModelLoader.load(model, device)) {
            PromptEncoder encoder = new PromptEncoder(lm.tokenizer(), lm.config().bosId());
            GenerationSettings settings = new GenerationSettings(maxNewTokens, sampling,
                    new java.util.HashSet<>(lm.eosIds()), stop, seed);
            Generator generator = new Generator(lm.decoder(), ids -> lm.tokenizer().decode(ids, true));
            java.util.Random rng = new java.util.Random(seed);
            for (int from = 0; from < prompts.size(); from += batchSize) {
                List<Prompt> chunk = prompts.subList(from, Math.min(prompts.size(), from + batchSize));
                List<int[]> ids = new ArrayList<>();
                for (Prompt p : chunk) {
                    ids.add(encoder.prompt(p, chat));
                }
                List<Generation> out = generator.generate(ids, settings, rng);
                for (int i = 0; i < out.size(); i++) {
                    Generation g = out.get(i);
                    if (json) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("prompt", chunk.get(i).display());
                        row.put("text", g.text());
                        row.put("prompt_ids", g.prompt());
                        row.put("token_ids", g.tokens());
                        row.put("logprobs", g.logProbs());
                        row.put("sum_logprob", g.sumLogProb());
                        row.put("ended_with_eos", g.endedWithEos());
                        row.put("stopped_by_string", g.stoppedByString());
                        System.out.println(mapper.writeValueAsString(row));
                    } else {
                        if (prompts.size() > 1) {
                            System.out.println("### " + (from + i + 1) + ": " + chunk.get(i).display());
                        }
                        System.out.println(g.text());
                    }
                }
            }
            var t = generator.lastTimings();
            if (t != null) {
                System.err.printf("sail: %d tokens, %.1f tokens/s%n", t.generatedTokens(), t.tokensPerSecond());
            }
        }
        return 0;
    }

}
