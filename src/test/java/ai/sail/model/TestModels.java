package ai.sail.model;

import java.util.List;

/** Small random-weight configurations of every family, for tests. */
final class TestModels {
    private TestModels() {}

    static ModelConfig llama(RopeStyle style) {
        return ModelConfig.llama().vocabSize(50).hiddenSize(32).layers(2).heads(4).kvHeads(2).headDim(8)
                .intermediateSize(48).maxPositions(128).normEps(1e-5f).ropeTheta(10000.0).ropeStyle(style)
                .bosId(1).eosIds(List.of(2)).build();
    }

    static ModelConfig qwen2() {
        return ModelConfig.qwen2().vocabSize(50).hiddenSize(32).layers(2).heads(4).kvHeads(1).headDim(8)
                .intermediateSize(40).maxPositions(128).normEps(1e-6f).ropeTheta(1_000_000.0).tiedEmbeddings(true)
                .eosIds(List.of(3)).padId(0).build();
    }

    static ModelConfig gpt2() {
        return ModelConfig.gpt2().vocabSize(50).hiddenSize(32).layers(2).heads(4).headDim(8).intermediateSize(64)
                .maxPositions(64).normEps(1e-5f).tiedEmbeddings(true).bosId(0).eosIds(List.of(0)).padId(0).build();
    }

    static List<ModelConfig> all() {
        return List.of(llama(RopeStyle.HALF_SPLIT), llama(RopeStyle.ADJACENT), qwen2(), gpt2());
    }
}
