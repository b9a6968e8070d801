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

    /**
     * The config.json field {@link #maxPositions} comes from, for messages: GPT-2 names it
     * {@code n_positions}, the Llama family {@code max_position_embeddings} (a GGUF file's
     * {@code llama.context_length} is read into the same number).
     */
    public String maxPositionsField() {
        return architecture == Architecture.GPT2 ? "n_positions" : "max_position_embeddings";
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

    /** A Llama model to fill in: RMSNorm, rotary positions, SwiGLU, untied output head by default. */
    public static Builder llama() {
        return builder(Architecture.LLAMA);
    }

    /** A Mistral model to fill in (Llama's layout). */
    public static Builder mistral() {
        return builder(Architecture.MISTRAL);
    }

    /** A Qwen2 model to fill in (Llama's layout with q/k/v biases). */
    public static Builder qwen2() {
        return builder(Architecture.QWEN2);
    }

    /** A GPT-2 model to fill in: LayerNorm, learned positions, GELU MLP, tied output head by default. */
    public static Builder gpt2() {
        return builder(Architecture.GPT2);
    }

    /**
     * A model of family {@code architecture} to fill in by name. The shape ({@code vocabSize},
     * {@code hiddenSize}, {@code layers}, {@code heads}, {@code intermediateSize},
     * {@code maxPositions}) must be set; everything else has the default its setter names.
     */
    public static Builder builder(Architecture architecture) {
        return new Builder(architecture);
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

    /** Names every field of a {@link ModelConfig}; {@link #build} validates the whole. */
    public static final class Builder {
        private final Architecture architecture;
        private int vocabSize;
        private int hiddenSize;
        private int layers;
        private int heads;
        private Integer kvHeads; // null: heads
        private Integer headDim; // null: hiddenSize / heads
        private int intermediateSize;
        private int maxPositions;
        private float normEps = 1e-5f;
        private double ropeTheta;
        private RopeStyle ropeStyle = RopeStyle.HALF_SPLIT;
        private boolean tiedEmbeddings;
        private int numLabels;
        private int bosId = -1;
        private List<Integer> eosIds = List.of();
        private int padId = -1;

        private Builder(Architecture architecture) {
            this.architecture = Objects.requireNonNull(architecture, "architecture");
            boolean rotary = architecture.positions == Architecture.Positions.ROTARY;
            this.ropeTheta = rotary ? 10000.0 : 0; // GPT-2 has no rotary base
            this.tiedEmbeddings = architecture == Architecture.GPT2; // as transformers' configs default
        }

        /** Required: rows of the embedding and of the output head. */
        public Builder vocabSize(int v) {
            vocabSize = v;
            return this;
        }

        /** Required: model width d. */
        public Builder hiddenSize(int d) {
            hiddenSize = d;
            return this;
        }

        /** Required: decoder blocks. */
        public Builder layers(int n) {
            layers = n;
            return this;
        }

        /** Required: query heads. */
        public Builder heads(int n) {
            heads = n;
            return this;
        }

        /** Key/value heads; default {@code heads} (no grouped-query attention). */
        public Builder kvHeads(int n) {
            kvHeads = n;
            return this;
        }

        /** Width of one head; default {@code hiddenSize / heads}. */
        public Builder headDim(int n) {
            headDim = n;
            return this;
        }

        /** Required: MLP width. */
        public Builder intermediateSize(int n) {
            intermediateSize = n;
            return this;
        }

        /** Required: longest sequence the positions support. */
        public Builder maxPositions(int n) {
            maxPositions = n;
            return this;
        }

        /** Epsilon of RMSNorm / LayerNorm; default 1e-5. */
        public Builder normEps(float eps) {
            normEps = eps;
            return this;
        }

        /** Rotary base frequency; default 10000 (0 for GPT-2, which has no rotary embeddings). */
        public Builder ropeTheta(double theta) {
            ropeTheta = theta;
            return this;
        }

        /** Which coordinates rotary pairs; default {@link RopeStyle#HALF_SPLIT} (Hugging Face's). */
        public Builder ropeStyle(RopeStyle style) {
            ropeStyle = style;
            return this;
        }

        /** Whether the output head reuses the token embedding; default true for GPT-2, else false. */
        public Builder tiedEmbeddings(boolean tied) {
            tiedEmbeddings = tied;
            return this;
        }

        /** Width of a reward model's score head; default 0, a language model. */
        public Builder numLabels(int n) {
            numLabels = n;
            return this;
        }

        /** Beginning-of-sequence id; default -1, none. */
        public Builder bosId(int id) {
            bosId = id;
            return this;
        }

        /** Ids that end a generation; default none. */
        public Builder eosIds(List<Integer> ids) {
            eosIds = ids;
            return this;
        }

        /** Padding id; default -1, none. */
        public Builder padId(int id) {
            padId = id;
            return this;
        }

        public ModelConfig build() {
            if (headDim == null && heads <= 0) {
                throw new IllegalArgumentException("num_attention_heads must be > 0, got " + heads);
            }
            return new ModelConfig(architecture, vocabSize, hiddenSize, layers, heads,
                    kvHeads != null ? kvHeads : heads, headDim != null ? headDim : hiddenSize / heads,
                    intermediateSize, maxPositions, normEps, ropeTheta, ropeStyle, tiedEmbeddings, numLabels,
                    bosId, eosIds, padId);
        }
    }
}
