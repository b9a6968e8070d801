package ai.sail.cli;

import ai.sail.model.ModelDescription;
import ai.sail.model.ModelLoader;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a model without loading its weights: architecture, size, stored types, tokenizer.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH|Org/Name", description = "A Hugging Face model directory, a .gguf file, or a cached hub id.")
    String model;

    @Override
    public Integer call() {
        ai.sail.tensor.TorchRuntime.offlineUnlessChosen();
        try (ModelDescription d = ModelLoader.describe(model)) {
            var c = d.config();
            System.out.printf("model         %s%n", d.path());
            System.out.printf("format        %s%n", d.format());
            System.out.printf("architecture  %s%s%n", c.architecture().modelType(),
                    c.isRewardModel() ? " (sequence scoring, " + c.numLabels() + " label(s))" : "");
            System.out.printf("parameters    %,d%n", c.parameterCount());
            System.out.printf("layers        %d, hidden %d, heads %d (kv %d, head dim %d), mlp %d%n",
                    c.layers(), c.hiddenSize(), c.heads(), c.kvHeads(), c.headDim(), c.intermediateSize());
            System.out.printf("positions     %s, max %d%s%n", c.architecture().positions, c.maxPositions(),
                    c.architecture().positions == ai.sail.model.Architecture.Positions.ROTARY
                            ? ", rope theta " + c.ropeTheta() + ", pairs " + c.ropeStyle() : "");
            System.out.printf("embeddings    %s%n", c.tiedEmbeddings() ? "tied" : "untied");
            System.out.printf("stored types  %s%n", new TreeMap<>(d.storedTypes()));
            System.out.printf("vocabulary    %d (config), %d (tokenizer)%n", c.vocabSize(), d.tokenizer().vocabSize());
            Map<String, Integer> special = new TreeMap<>(d.tokenizer().specialTokens());
            System.out.printf("special       %s%n", special);
            System.out.printf("eos ids       %s%n", c.eosIds());
            System.out.printf("chat template %s%n", d.tokenizer().chatTemplate().isPresent() ? "yes" : "no");
        }
        return 0;
    }
}
