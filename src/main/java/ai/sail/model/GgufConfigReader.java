package ai.sail.model;

import ai.sail.io.GgufFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code llama.*} metadata of a GGUF file into a {@link ModelConfig}, with llama.cpp's
 * defaults for absent keys. GGUF llama files store q/k rows for rotary embeddings on adjacent pairs
 * (llama.cpp's converter permutes them), hence {@link RopeStyle#ADJACENT}.
 */
public final class GgufConfigReader {
    private GgufConfigReader() {}

    public static ModelConfig read(GgufFile gguf) {
        String where = gguf.path().toString();
        String arch = gguf.getString("general.architecture");
        if (!arch.equals("llama")) {
            throw new IllegalArgumentException(where + ": GGUF architecture '" + arch
                    + "' is not supported; supported: llama (other families load from Hugging Face directories)");
        }
        int hidden = gguf.getInt("llama.embedding_length");
        int heads = gguf.getInt("llama.attention.head_count");
        int kvHeads = gguf.getInt("llama.attention.head_count_kv", heads);
        if (heads <= 0) {
            throw new IllegalArgumentException(where + ": llama.attention.head_count must be > 0, got " + heads);
        }
        boolean explicitHeadDim = gguf.findLong("llama.rope.dimension_count").isPresent();
        if (!explicitHeadDim && hidden % heads != 0) {
            throw new IllegalArgumentException(where + ": llama.embedding_length " + hidden + " is not divisible by"
                    + " llama.attention.head_count " + heads + ", so the heads cannot split the width evenly");
        }
        if (kvHeads > 0 && heads % kvHeads != 0) {
            throw new IllegalArgumentException(where + ": llama.attention.head_count " + heads
                    + " is not a multiple of llama.attention.head_count_kv " + kvHeads
                    + " (each key/value head serves a whole group of query heads)");
        }
        int vocab = gguf.findList("tokenizer.ggml.tokens").map(List::size)
                .orElseGet(() -> gguf.getInt("llama.vocab_size"));
        if (gguf.findList("llama.rope.scaling.type").isPresent() || !gguf.getString("llama.rope.scaling.type", "none").equals("none")) {
            throw new IllegalArgumentException(where + ": rope scaling is not supported yet");
        }
        List<Integer> eos = new ArrayList<>();
        int eosId = tokenId(gguf, "tokenizer.ggml.eos_token_id");
        if (eosId >= 0) {
            eos.add(eosId);
        }
        return ModelConfig.llama()
                .vocabSize(vocab)
                .hiddenSize(hidden)
                .layers(gguf.getInt("llama.block_count"))
                .heads(heads)
                .kvHeads(kvHeads)
                .headDim(gguf.getInt("llama.rope.dimension_count", hidden / heads))
                .intermediateSize(gguf.getInt("llama.feed_forward_length"))
                .maxPositions(gguf.getInt("llama.context_length", 2048))
                .normEps((float) gguf.getDouble("llama.attention.layer_norm_rms_epsilon", 1e-5))
                .ropeTheta(gguf.getDouble("llama.rope.freq_base", 10000.0))
                .ropeStyle(RopeStyle.ADJACENT)
                .tiedEmbeddings(!gguf.contains("output.weight"))
                .bosId(tokenId(gguf, "tokenizer.ggml.bos_token_id"))
                .eosIds(eos)
                .padId(tokenId(gguf, "tokenizer.ggml.padding_token_id"))
                .build();
    }

    /** A token id, or -1 when absent or set to the "none" marker (UINT32 0xFFFFFFFF). */
    private static int tokenId(GgufFile gguf, String key) {
        long id = gguf.findLong(key).orElse(-1);
        return id < 0 || id >= Integer.MAX_VALUE ? -1 : (int) id;
    }
}
