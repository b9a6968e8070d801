package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.sail.Fixtures;
import ai.sail.io.SafetensorsWriter;
import ai.sail.tensor.StepScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads Hugging Face checkpoints written with the standard tensor names (separate q/k/v and gate/up
 * projections, Conv1D layout for GPT-2) and checks the loaded decoder against the loop reference fed
 * by a mapping written independently here.
 */
class HfCheckpointLoadingTest {
    @TempDir
    Path dir;

    static float[] random(Random rng, long n) {
        float[] a = new float[(int) n];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.2f * (float) rng.nextGaussian();
        }
        return a;
    }

    static float[] concat(float[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** Writes an HF Llama-family checkpoint and returns the same weights under Sail's names. */
    static Map<String, float[]> writeLlama(Path dir, ModelConfig c, String modelType, String architecture) throws Exception {
        Random rng = new Random(3);
        int d = c.hiddenSize();
        int hd = c.headDim();
        Map<String, SafetensorsWriter.Tensor> hf = new LinkedHashMap<>();
        Map<String, float[]> sail = new LinkedHashMap<>();
        float[] embed = random(rng, (long) c.vocabSize() * d);
        hf.put("model.embed_tokens.weight", new SafetensorsWriter.Tensor(new long[] {c.vocabSize(), d}, embed));
        sail.put("embed.weight", embed);
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            String s = "layers." + l + ".";
            float[] n1 = random(rng, d);
            float[] q = random(rng, (long) c.heads() * hd * d);
            float[] k = random(rng, (long) c.kvHeads() * hd * d);
            float[] v = random(rng, (long) c.kvHeads() * hd * d);
            float[] o = random(rng, (long) d * c.heads() * hd);
            float[] n2 = random(rng, d);
            float[] gate = random(rng, (long) c.intermediateSize() * d);
            float[] up = random(rng, (long) c.intermediateSize() * d);
            float[] down = random(rng, (long) d * c.intermediateSize());
            hf.put(p + "input_layernorm.weight", new SafetensorsWriter.Tensor(new long[] {d}, n1));
            hf.put(p + "self_attn.q_proj.weight", new SafetensorsWriter.Tensor(new long[] {c.heads() * hd, d}, q));
            hf.put(p + "self_attn.k_proj.weight", new SafetensorsWriter.Tensor(new long[] {c.kvHeads() * hd, d}, k));
            hf.put(p + "self_attn.v_proj.weight", new SafetensorsWriter.Tensor(new long[] {c.kvHeads() * hd, d}, v));
            hf.put(p + "self_attn.o_proj.weight", new SafetensorsWriter.Tensor(new long[] {d, c.heads() * hd}, o));
            hf.put(p + "post_attention_layernorm.weight", new SafetensorsWriter.Tensor(new long[] {d}, n2));
            hf.put(p + "mlp.gate_proj.weight", new SafetensorsWriter.Tensor(new long[] {c.intermediateSize(), d}, gate));
            hf.put(p + "mlp.up_proj.weight", new SafetensorsWriter.Tensor(new long[] {c.intermediateSize(), d}, up));
            hf.put(p + "mlp.down_proj.weight", new SafetensorsWriter.Tensor(new long[] {d, c.intermediateSize()}, down));
            sail.put(s + "attn_norm.weight", n1);
            sail.put(s + "qkv.weight", concat(q, k, v));
            sail.put(s + "o.weight", o);
            sail.put(s + "mlp_norm.weight", n2);
            sail.put(s + "gate_up.weight", concat(gate, up));
            sail.put(s + "down.weight", down);
            if (c.architecture().qkvBias) {
                float[] qb = random(rng, (long) c.heads() * hd);
                float[] kb = random(rng, (long) c.kvHeads() * hd);
                float[] vb = random(rng, (long) c.kvHeads() * hd);
                hf.put(p + "self_attn.q_proj.bias", new SafetensorsWriter.Tensor(new long[] {qb.length}, qb));
                hf.put(p + "self_attn.k_proj.bias", new SafetensorsWriter.Tensor(new long[] {kb.length}, kb));
                hf.put(p + "self_attn.v_proj.bias", new SafetensorsWriter.Tensor(new long[] {vb.length}, vb));
                sail.put(s + "qkv.bias", concat(qb, kb, vb));
            }
        }
        float[] fn = random(rng, d);
        hf.put("model.norm.weight", new SafetensorsWriter.Tensor(new long[] {d}, fn));
        sail.put("final_norm.weight", fn);
        String head = c.isRewardModel() ? "score.weight" : "lm_head.weight";
        int rows = c.isRewardModel() ? c.numLabels() : c.vocabSize();
        float[] out = random(rng, (long) rows * d);
        hf.put(head, new SafetensorsWriter.Tensor(new long[] {rows, d}, out));
        sail.put(head, out);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), hf, Map.of("format", "pt"));
        Files.writeString(dir.resolve("config.json"), String.format(
                "{\"model_type\": \"%s\", \"architectures\": [\"%s\"], \"vocab_size\": %d, \"hidden_size\": %d,"
                        + " \"num_hidden_layers\": %d, \"num_attention_heads\": %d, \"num_key_value_heads\": %d,"
                        + " \"intermediate_size\": %d, \"rms_norm_eps\": %s, \"rope_theta\": %s,"
                        + " \"max_position_embeddings\": 128, \"tie_word_embeddings\": false, \"eos_token_id\": 2,"
                        + " \"bos_token_id\": 1%s}",
                modelType, architecture, c.vocabSize(), d, c.layers(), c.heads(), c.kvHeads(), c.intermediateSize(),
                c.normEps(), c.ropeTheta(), c.isRewardModel() ? ", \"id2label\": {\"0\": \"LABEL_0\"}" : ""));
        Files.copy(Fixtures.require("tokenizers/llama/tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(Fixtures.require("tokenizers/llama/tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        return sail;
    }

    static NDArray ids(LanguageModel lm, long... ids) {
        return lm.decoder().manager().create(ids, new Shape(1, ids.length));
    }

    @Test
    void aLlamaCheckpointLoadsAndMatchesTheReference() throws Exception {
        ModelConfig expected = ModelConfig.qwen2().vocabSize(40).hiddenSize(16).layers(2).heads(4).kvHeads(2)
                .headDim(4).intermediateSize(24).maxPositions(128).normEps(1e-6f).ropeTheta(10000.0)
                .bosId(1).eosIds(java.util.List.of(2)).build();
        Map<String, float[]> sail = writeLlama(dir, expected, "qwen2", "Qwen2ForCausalLM");
        int[] seq = {1, 7, 22, 3, 9};
        double[][] want = new ReferenceDecoder(expected, sail).logits(seq);
        try (LanguageModel lm = ModelLoader.load(dir.toString(), Device.cpu()); StepScope s = new StepScope()) {
            assertThat(lm.config()).isEqualTo(expected);
            NDArray logits = lm.decoder().logits(lm.decoder().forward(ids(lm, 1, 7, 22, 3, 9),
                    new AttentionLayout(new int[][] {{1, 1, 1, 1, 1}}, 5), null));
            for (int t = 0; t < seq.length; t++) {
                float[] got = logits.get(0, t).toFloatArray();
                for (int v = 0; v < got.length; v++) {
                    assertThat((double) got[v]).isCloseTo(want[t][v], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }

    @Test
    void aSequenceClassifierScoresTheLastRealToken() throws Exception {
        ModelConfig c = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(2).heads(4).kvHeads(4).headDim(4)
                .intermediateSize(24).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0).numLabels(1)
                .bosId(1).eosIds(java.util.List.of(2)).build();
        Map<String, float[]> sail = writeLlama(dir, c, "llama", "LlamaForSequenceClassification");
        // The reference's "logits" with the score matrix as output head give the score at each position.
        Map<String, float[]> asLm = new LinkedHashMap<>(sail);
        asLm.put("lm_head.weight", sail.get("score.weight"));
        ModelConfig lmShape = ModelConfig.llama().vocabSize(1).hiddenSize(16).layers(2).heads(4).kvHeads(4).headDim(4)
                .intermediateSize(24).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0)
                .bosId(1).eosIds(java.util.List.of(2)).build();
        asLm.put("embed.weight", sail.get("embed.weight"));
        double want = new ReferenceDecoder(lmShape, asLm).logits(new int[] {1, 5, 8})[2][0];
        try (LanguageModel lm = ModelLoader.load(dir.toString(), Device.cpu()); StepScope s = new StepScope()) {
            assertThat(lm.config().isRewardModel()).isTrue();
            // Row 0 right-padded, row 1 exact: both must give the score after token 8.
            ScoringBatch batch = new ScoringBatch(new long[][] {{1, 5, 8, 0}, {1, 5, 8, 3}},
                    new int[][] {{1, 1, 1, 0}, {1, 1, 1, 0}}, new boolean[2][4]);
            float[] scores = new ResponseScorer(lm.decoder()).rewards(batch, lm.decoder().manager()).toFloatArray();
            assertThat((double) scores[0]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4));
            assertThat((double) scores[1]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void unsupportedModelTypesAndMissingTensorsAreNamed() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .hasMessageContaining("model_type 'bert' is not supported")
                .hasMessageContaining("llama, mistral, qwen2, gpt2");
        ModelConfig c = ModelConfig.llama().vocabSize(40).hiddenSize(16).layers(1).heads(4).kvHeads(4).headDim(4)
                .intermediateSize(24).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0)
                .bosId(1).eosIds(java.util.List.of(2)).build();
        writeLlama(dir, c, "llama", "LlamaForCausalLM");
        String config = Files.readString(dir.resolve("config.json")).replace("\"num_hidden_layers\": 1", "\"num_hidden_layers\": 2");
        Files.writeString(dir.resolve("config.json"), config);
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .hasMessageContaining("model.layers.1.input_layernorm.weight");
    }

    @Test
    void pickleCheckpointsAreRefused() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_embd\": 8, \"n_head\": 2,"
                + " \"n_layer\": 1, \"vocab_size\": 10}");
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .hasMessageContaining("pytorch_model.bin").hasMessageContaining("safetensors");
    }
}
