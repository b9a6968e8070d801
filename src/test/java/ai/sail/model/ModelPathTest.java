package ai.sail.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.sail.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --model} names must be a model; when it is not, the message says what it is and what is expected. */
class ModelPathTest {
    static final String EXPECTED = "expected a model directory with config.json, a .gguf file, or Org/Name of a"
            + " model in the local Hugging Face cache";

    @TempDir
    Path dir;

    @Test
    void aDeviceFileIsNamedForWhatItIs() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull), "needs /dev/null");

        assertThatThrownBy(() -> ModelLoader.load("/dev/null", Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model '/dev/null' is a character device, not a model: " + EXPECTED);
        assertThatThrownBy(() -> ModelLoader.describe("/dev/null"))
                .hasMessage("model '/dev/null' is a character device, not a model: " + EXPECTED);
    }

    @Test
    void anEmptyDirectoryNamesEverythingItLacks() {
        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir + " is not a complete model directory: it has no config.json, no weights"
                        + " (model.safetensors, or model.safetensors.index.json for a sharded checkpoint), no tokenizer"
                        + " (tokenizer.json, or a SentencePiece tokenizer.model); " + EXPECTED);
    }

    @Test
    void aDirectoryWithWeightsButNoConfigNamesOnlyTheConfig() throws Exception {
        Path gpt2 = Fixtures.require("models/tiny-random-gpt2");
        Files.copy(gpt2.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.copy(gpt2.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));

        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .hasMessage(dir + " is not a complete model directory: it has no config.json; " + EXPECTED);
    }

    @Test
    void aDirectoryWithAConfigButNoWeightsNamesTheWeightFiles() throws Exception {
        Path gpt2 = Fixtures.require("models/tiny-random-gpt2");
        Files.copy(gpt2.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(gpt2.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));

        assertThatThrownBy(() -> ModelLoader.load(dir.toString(), Device.cpu()))
                .hasMessage(dir + " holds neither model.safetensors nor model.safetensors.index.json: no model"
                        + " weights found");
    }
}
