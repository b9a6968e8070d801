package ai.sail.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base model is a function of its seed: the same settings write the same bytes. */
class BaseModelBuilderTest {
    @TempDir
    Path dir;

    @Test
    void theSameSeedRebuildsTheSameCheckpointAndItLoadsWithItsTokenizer() throws Exception {
        BaseModelBuilder.Settings s = new BaseModelBuilder.Settings(3, 200, 15, 8, 3e-3, 32, 1);
        BaseModelBuilder.build(s, dir.resolve("a"), System.err);
        BaseModelBuilder.build(s, dir.resolve("b"), System.err);
        assertThat(Files.readAllBytes(dir.resolve("a/model.safetensors")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/model.safetensors")));
        BaseModelBuilder.build(new BaseModelBuilder.Settings(4, 200, 15, 8, 3e-3, 32, 1), dir.resolve("c"), System.err);
        assertThat(Files.readAllBytes(dir.resolve("c/model.safetensors")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a/model.safetensors")));
        try (LanguageModel lm = ModelLoader.load(dir.resolve("a").toString(), Device.cpu())) {
            int[] ids = lm.tokenizer().encode("one day lily went to the park .", true);
            assertThat(ids[0]).isEqualTo(WordTokenizerFiles.BOS_ID);
            assertThat(ids).hasSize(9);
            assertThat(lm.tokenizer().decode(ids, true)).isEqualTo("one day lily went to the park .");
            assertThat(lm.eosIds()).containsExactly(WordTokenizerFiles.EOS_ID);
        }
    }
}
