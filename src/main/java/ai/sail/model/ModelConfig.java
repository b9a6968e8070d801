package ai.sail.model;

import java.util.List;
import java.util.Objects;

/**
 * Everything the decoder needs to know about a model's shape, read from {@code config.json} or GGUF
 * metadata. Numbers only; no weights.
 *
 * @param architecture family switches (norm, positions, MLP, biases)
 * @param vocabSize rows of the embedding and of the output head
 * @param hiddenSize model width d
 * @param layers decoder blocks
 * @param heads query heads
 * @param kvHeads key/value heads (fewer than {@code heads} for grouped-query attention)
 * @param headDim width of one head (usually hiddenSize / heads)
 * @param intermediateSize MLP width
 * @param maxPositions longest sequence the positions support
 * @param normEps epsilon of RMSNorm / LayerNorm
 * @param ropeTheta rotary base frequency
 * @param ropeStyle which coordinates rotary pairs
 * @param tiedEmbeddings the output head reuses the token embedding
 * @param numLabels 0 for a language model; the width of the {@code score} head for a reward model
 * @param bosId beginning-of-sequence id, or -1
 * @param eosIds ids that end a generation
 * @param padId padding id, or -1
 */
public record ModelConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int intermediateSize,
        int maxPositions,
        float normEps,
        double ropeTheta,
        RopeStyle ropeStyle,
        boolean tiedEmbeddings,
        int numLabels,
        int bosId,
        List<Integer> eosIds,
        int padId) {

    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(ropeStyle, "ropeStyle");
        eosIds = List.copyOf(eosIds);
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", layers);
        positive("num_attention_heads", heads);
        positive("num_key_value_heads", kvHeads);
        positive("head_dim", headDim);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositions);
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads (" + heads
                    + ") must be a multiple of num_key_value_heads (" + kvHeads + ")");
        }
        if (architecture.positions == Architecture.Positions.ROTARY && headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary embeddings need an even head_dim, got " + headDim);
        }
        if (!(normEps > 0)) {
            throw new IllegalArgumentException("norm epsilon must be > 0, got " + normEps);
        }
        if (numLabels < 0) {
            throw new IllegalArgumentException("num_labels must be >= 0, got " + numLabels);
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, got " + value);
        }
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public boolean isRewardModel() {
        return numLabels > 0;
    }

    /** Number of parameters the decoder holds (embedding counted once when tied). */
    public long parameterCount() {
        long d = hiddenSize;
        long qkv = (long) (heads + 2 * kvHeads) * headDim;
        long attn = d * qkv + (long) heads * headDim * d
                + (architecture.qkvBias ? qkv : 0) + (architecture.projectionBias ? d : 0);
        long mlpIn = architecture.mlp == Architecture.Mlp.SWIGLU ? 2L * intermediateSize : intermediateSize;
        long mlp = d * mlpIn + intermediateSize * d
                + (architecture.projectionBias ? mlpIn + d : 0);
        long normWidth = architecture.norm == Architecture.Norm.LAYER ? 2 * d : d;
        long perLayer = attn + mlp + 2 * normWidth;
        long embed = (long) vocabSize * d;
        long pos = architecture.positions == Architecture.Positions.LEARNED ? (long) maxPositions * d : 0;
        long head = numLabels > 0 ? (long) numLabels * d : (tiedEmbeddings ? 0 : embed);
        return embed + pos + layers * perLayer + normWidth + head;
    }

    /**
     * Multiply-add FLOPs of one token's forward pass attending to {@code context} keys: twice the
     * matrix parameters (projections, MLP, output head) plus the two attention products.
     */
    public double forwardFlopsPerToken(int context) {
        double d = hiddenSize;
        double qkv = (double) (heads + 2 * kvHeads) * headDim;
        double mlpIn = architecture.mlp == Architecture.Mlp.SWIGLU ? 2.0 * intermediateSize : intermediateSize;
        double perLayer = d * qkv + (double) heads * headDim * d + d * mlpIn + intermediateSize * d;
        double head = isRewardModel() ? numLabels * d : vocabSize * d;
        double attention = 2.0 * 2.0 * heads * headDim * context;
        return 2.0 * (layers * perLayer + head) + layers * attention;
    }


    public ModelConfig withEosIds(List<Integer> ids) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, layers, heads, kvHeads, headDim,
                intermediateSize, maxPositions, normEps, ropeTheta, ropeStyle, tiedEmbeddings, numLabels,
                bosId, ids, padId);
    }

    public ModelConfig withRopeStyle(RopeStyle style) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, layers, heads, kvHeads, headDim,
                intermediateSize, maxPositions, normEps, ropeTheta, style, tiedEmbeddings, numLabels,
                bosId, eosIds, padId);
    }
}
