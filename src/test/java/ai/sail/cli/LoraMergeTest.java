package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.sail.Fixtures;
import ai.sail.model.DecoderWeights;
import ai.sail.model.HfCheckpointWriter;
import ai.sail.model.LanguageModel;
import ai.sail.model.LoraAdapters;
import ai.sail.model.LoraCheckpoint;
import ai.sail.model.LoraSettings;
import ai.sail.model.ModelConfig;
import ai.sail.model.ModelLoader;
import ai.sail.model.ResponseScorer;
import ai.sail.text.TokenizerFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sail merge} and {@code --adapter} on real files: a base model, an adapter with B not zero, the
 * merged checkpoint. The merged model computes what the adapted one does; {@code score --adapter}
 * loads the adapter. With {@code SAIL_PEFT_ARTEFACTS} set, base, adapter, merged model and Sail's
 * log-probabilities are left in that folder for {@code scripts/peft_check.py}, which checks them with
 * transformers and PEFT themselves.
 */
class LoraMergeTest {
    @TempDir
    Path tmp;

    /** Token-id rows the log-probabilities are computed on; the first token is the prompt. */
    static final int[][] ROWS = {{5, 17, 42, 8, 99, 3}, {1, 2, 3, 4}, {77, 12, 250, 31, 64, 9, 10, 11}};

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "qwen2", "llama-gguf"})
    void theMergedModelComputesWhatTheAdaptedOneDoes(String kind) throws Exception {
        String env = System.getenv("SAIL_PEFT_ARTEFACTS");
        Path root = env == null || env.isBlank() ? tmp : Path.of(env).toAbsolutePath();
        Path out = root.resolve(kind);
        Path base = switch (kind) {
            case "gpt2" -> Fixtures.require("models/tiny-random-gpt2");
            case "qwen2" -> randomQwen2(out.resolve("base"));
            default -> {
                // The GGUF model saved as Hugging Face (q/k rows permuted): what PEFT's base model is.
                Path hf = out.resolve("base");
                try (LanguageModel gguf = ModelLoader.load(
                        Fixtures.require("models/stories260K/stories260K.gguf").toString(), Device.cpu())) {
                    HfCheckpointWriter.save(gguf, hf);
                }
                yield hf;
            }
        };
        // The adapter is trained on the model as the user loads it: the GGUF file itself for llama-gguf.
        String trainedOn = kind.equals("llama-gguf")
                ? Fixtures.require("models/stories260K/stories260K.gguf").toString() : base.toString();
        Path adapter = out.resolve("adapter");
        double[] adapted;
        try (LanguageModel m = ModelLoader.load(trainedOn, Device.cpu())) {
            LoraAdapters lora = LoraAdapters.initialise(m.config(),
                    new LoraSettings(4, 8, 0, List.of(LoraSettings.ALL_LINEAR), false), m.decoder().manager(), 3);
            SplittableRandom rng = new SplittableRandom(4);
            for (LoraAdapters.Segment s : lora.segments()) {
                float[] b = new float[Math.toIntExact(s.b().size())];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (rng.nextDouble() - 0.5) * 0.2f;
                }
                s.b().set(b);
            }
            m.decoder().weights().attach(lora);
            LoraCheckpoint.save(lora, base.toString(), adapter);
            adapted = logProbs(m);
        }
        Path merged = out.resolve("merged");
        CliTest.Run r = CliTest.run("merge", "--model", trainedOn, "--adapter", adapter.toString(),
                "--output", merged.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        double[] fromMerged;
        try (LanguageModel m = ModelLoader.load(merged.toString(), Device.cpu())) {
            fromMerged = logProbs(m);
        }
        double[] fromBase;
        try (LanguageModel m = ModelLoader.load(base.toString(), Device.cpu(), adapter)) {
            fromBase = logProbs(m); // the adapter on the Hugging Face base, as PEFT will run it
        }
        double[] plain;
        try (LanguageModel m = ModelLoader.load(base.toString(), Device.cpu())) {
            plain = logProbs(m);
        }
        for (int i = 0; i < ROWS.length; i++) {
            assertThat(fromMerged[i]).as("%s row %d merged", kind, i).isCloseTo(adapted[i], Offset.offset(1e-4));
            assertThat(fromBase[i]).as("%s row %d on the HF base", kind, i).isCloseTo(adapted[i], Offset.offset(1e-4));
        }
        assertThat(plain).as("the adapter changes the model").isNotEqualTo(adapted);

        CliTest.Run scored = CliTest.run("score", "--model", base.toString(), "--adapter", adapter.toString(),
                "--prompt", "Once", "--response", " upon a time");
        assertThat(scored.exit()).as(scored.err()).isZero();

        if (root != tmp) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < ROWS.length; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("ids", ROWS[i]);
                row.put("prompt_length", 1);
                row.put("logp", adapted[i]);
                rows.add(row);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("base", base.toString());
            json.put("adapter", adapter.toString());
            json.put("merged", merged.toString());
            json.put("rows", rows);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("logps.json").toFile(), json);
        }
    }

    /** Sum of log p(token | earlier tokens) over each row after its first token. */
    static double[] logProbs(LanguageModel m) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (int[] row : ROWS) {
            prompts.add(new int[] {row[0]});
            responses.add(Arrays.copyOfRange(row, 1, row.length));
        }
        return new ResponseScorer(m.decoder()).sequenceLogProbs(prompts, responses, ROWS.length);
    }

    /** A small random Qwen2 (q/k/v biases, grouped keys, tied embeddings) saved by Sail, with GPT-2's tokenizer. */
    static Path randomQwen2(Path dir) throws Exception {
        ModelConfig c = ModelConfig.qwen2().vocabSize(1000).hiddenSize(32).layers(2).heads(4).kvHeads(2).headDim(8)
                .intermediateSize(48).maxPositions(128).normEps(1e-6f).ropeTheta(1_000_000.0).tiedEmbeddings(true)
                .eosIds(List.of(0)).padId(0).build();
        try (ai.djl.ndarray.NDManager manager = ai.sail.tensor.TorchRuntime.newManager(Device.cpu());
                DecoderWeights w = DecoderWeights.random(c, manager, 9)) {
            Map<String, float[]> arrays = w.toFloatArrays();
            // Biases and gains off their trivial values, so a misplaced one shows.
            SplittableRandom rng = new SplittableRandom(10);
            arrays.forEach((name, v) -> {
                if (name.endsWith("bias") || name.contains("norm")) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] += (float) (rng.nextDouble() - 0.5) * 0.2f;
                    }
                }
            });
            HfCheckpointWriter.save(c, arrays, TokenizerFiles.copiedFrom(Fixtures.require("models/tiny-random-gpt2")), dir);
        }
        assumeTrue(Files.isDirectory(dir));
        return dir;
    }
}
