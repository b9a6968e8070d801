package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The q/k reordering that turns a GGUF (ADJACENT) model into a Hugging Face (HALF_SPLIT) one: it undoes
 * llama.cpp's conversion permutation, and the reordered model computes the same logits.
 */
class RopePermutationTest {

    /**
     * llama.cpp's converter, written from its definition: the rows of each head, viewed as
     * {@code [2, d/2, cols]}, are transposed to {@code [d/2, 2, cols]}.
     */
    static float[] llamaCppPermute(float[] hf, int heads, int headDim, int cols) {
        float[] gguf = new float[hf.length];
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            for (int s = 0; s < 2; s++) {
                for (int i = 0; i < half; i++) {
                    int from = h * headDim + s * half + i;
                    int to = h * headDim + i * 2 + s;
                    System.arraycopy(hf, from * cols, gguf, to * cols, cols);
                }
            }
        }
        return gguf;
    }

    @Test
    void sourceRowsOfOneHeadAreEvenThenOdd() {
        assertThat(RopePermutation.halfSplitSourceRows(8)).containsExactly(0, 2, 4, 6, 1, 3, 5, 7);
        assertThat(RopePermutation.halfSplitSourceRows(2)).containsExactly(0, 1);
    }

    @Test
    void undoesLlamaCppsConversionOfQAndKAndLeavesVAlone() {
        ModelConfig c = TestModels.llama(RopeStyle.ADJACENT);
        Map<String, float[]> hf = DecoderTest.randomArrays(c, 11);
        int d = c.hiddenSize();
        int hd = c.headDim();
        Map<String, float[]> gguf = new HashMap<>(hf);
        for (int l = 0; l < c.layers(); l++) {
            String name = "layers." + l + ".qkv.weight";
            float[] qkv = hf.get(name);
            int q = c.heads() * hd * d;
            int k = c.kvHeads() * hd * d;
            float[] converted = HfCheckpointLoadingTest.concat(
                    llamaCppPermute(Arrays.copyOfRange(qkv, 0, q), c.heads(), hd, d),
                    llamaCppPermute(Arrays.copyOfRange(qkv, q, q + k), c.kvHeads(), hd, d),
                    Arrays.copyOfRange(qkv, q + k, qkv.length));
            assertThat(converted).isNotEqualTo(qkv);
            gguf.put(name, converted);
        }
        Map<String, float[]> back = RopePermutation.adjacentToHalfSplit(c, gguf);
        for (String name : hf.keySet()) {
            assertThat(back.get(name)).as(name).containsExactly(hf.get(name));
        }
        // And the way back, which a resumed run uses, is llama.cpp's conversion exactly.
        Map<String, float[]> again = RopePermutation.halfSplitToAdjacent(c, back);
        for (String name : gguf.keySet()) {
            assertThat(again.get(name)).as(name).containsExactly(gguf.get(name));
        }
    }

    @Test
    void theReorderedModelComputesTheSameLogits() {
        ModelConfig adjacent = TestModels.llama(RopeStyle.ADJACENT);
        Map<String, float[]> weights = DecoderTest.randomArrays(adjacent, 5);
        Map<String, float[]> before = new HashMap<>();
        weights.forEach((k, v) -> before.put(k, v.clone()));
        int[] ids = {1, 7, 3, 30, 12, 4, 44, 9};
        double[][] want = new ReferenceDecoder(adjacent, weights).logits(ids);
        double[][] got = new ReferenceDecoder(adjacent.withRopeStyle(RopeStyle.HALF_SPLIT),
                RopePermutation.adjacentToHalfSplit(adjacent, weights)).logits(ids);
        for (int t = 0; t < ids.length; t++) {
            for (int v = 0; v < want[t].length; v++) {
                assertThat(got[t][v]).isCloseTo(want[t][v], Offset.offset(1e-9));
            }
        }
        before.forEach((k, v) -> assertThat(weights.get(k)).as("input left untouched: " + k).containsExactly(v));
    }

    @Test
    void onlyAdjacentModelsAreReordered() {
        ModelConfig c = TestModels.llama(RopeStyle.HALF_SPLIT);
        assertThatThrownBy(() -> RopePermutation.adjacentToHalfSplit(c, DecoderTest.randomArrays(c, 1)))
                .hasMessageContaining("ADJACENT");
    }
}
