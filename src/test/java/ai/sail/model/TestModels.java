package ai.sail.model;

import java.util.List;

/** Small random-weight configurations of every family, for tests. */
final class TestModels {
    private TestModels() {}

    static ModelConfig llama(RopeStyle style) {
        return new ModelConfig(Architecture.LLAMA, 50, 32, 2, 4, 2, 8, 48, 128, 1e-5f, 10000.0, style,
                false, 0, 1, List.of(2), -1);
    }

    static ModelConfig qwen2() {
        return new ModelConfig(Architecture.QWEN2, 50, 32, 2, 4, 1, 8, 40, 128, 1e-6f, 1_000_000.0,
                RopeStyle.HALF_SPLIT, true, 0, -1, List.of(3), 0);
    }

    static ModelConfig gpt2() {
        return new ModelConfig(Architecture.GPT2, 50, 32, 2, 4, 4, 8, 64, 64, 1e-5f, 0, RopeStyle.HALF_SPLIT,
                true, 0, 0, List.of(0), 0);
    }

    static List<ModelConfig> all() {
        return List.of(llama(RopeStyle.HALF_SPLIT), llama(RopeStyle.ADJACENT), qwen2(), gpt2());
    }
}
