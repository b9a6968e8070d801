package ai.sail.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.sail.Fixtures;
import ai.sail.model.LanguageModel;
import ai.sail.model.ModelLoader;
import ai.sail.text.PromptEncoder;
import ai.sail.text.Prompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Generation on real checkpoints against golden outputs and the process's own memory. */
class RealModelGenerationTest {
    static final String GOLDEN = "Once upon a time, there was a little girl named Lily. She loved to play outside"
            + " in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\n"
            + "Lily's mom said, \"Lily, let's go to the park.\" Lily was sad and didn't know w";

    static String stories() {
        return Fixtures.require("models/stories260K/stories260K.gguf").toString();
    }

    @Test
    void greedyDecodingOfStories260KFromBosGivesTheGoldenText() {
        try (LanguageModel lm = ModelLoader.load(stories(), Device.cpu())) {
            int[] prompt = new PromptEncoder(lm.tokenizer(), lm.config().bosId()).prompt(Prompt.text(""), false);
            assertThat(prompt).containsExactly(1);
            Generator g = new Generator(lm.decoder(), ids -> lm.tokenizer().decode(ids, true));
            Generation out = g.generate(List.<int[]>of(prompt),
                    new GenerationSettings(100, SamplingSettings.GREEDY, new HashSet<>(lm.eosIds()), List.of(), 0)).get(0);
            assertThat(out.tokens()).hasSize(100);
            assertThat(out.text().stripLeading()).isEqualTo(GOLDEN);
        }
    }

    @Test
    void theTinyGpt2CheckpointLoadsAndGenerates() {
        Path dir = Fixtures.require("models/tiny-random-gpt2");
        try (LanguageModel lm = ModelLoader.load(dir.toString(), Device.cpu())) {
            assertThat(lm.config().architecture().modelType()).isEqualTo("gpt2");
            assertThat(lm.config().vocabSize()).isEqualTo(1000);
            assertThat(lm.eosIds()).containsExactly(98); // generation_config.json, as the Python generate uses
            PromptEncoder enc = new PromptEncoder(lm.tokenizer(), lm.config().bosId());
            int[] prompt = enc.prompt(Prompt.text("Hello world"), false);
            Generator g = new Generator(lm.decoder(), ids -> lm.tokenizer().decode(ids, true));
            Generation out = g.generate(List.<int[]>of(prompt),
                    new GenerationSettings(20, new SamplingSettings(1f, 0, 1f), Set.of(), List.of(), 3)).get(0);
            assertThat(out.tokens()).hasSize(20);
            for (float lp : out.logProbs()) {
                assertThat(lp).isFinite().isLessThanOrEqualTo(0f);
            }
        }
    }

    static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void twoThousandGenerationStepsLeaveResidentMemoryFlat() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs /proc");
        try (LanguageModel lm = ModelLoader.load(stories(), Device.cpu())) {
            // The libtorch path: its per-step native intermediates are what could leak. (The Java kernel's
            // arrays are garbage-collected heap, whose size the JVM grows as it likes.)
            Generator g = new Generator(lm.decoder(), ids -> "", DecodePath.TORCH);
            GenerationSettings settings = new GenerationSettings(200, new SamplingSettings(1f, 0, 1f), Set.of(), List.of(), 1);
            List<int[]> prompts = List.of(new int[] {1}, new int[] {1, 403}, new int[] {1, 9, 77});
            for (int warm = 0; warm < 10; warm++) { // the JIT and the heap settle first
                g.generate(prompts, settings);
            }
            System.gc();
            long before = residentKb();
            for (int round = 0; round < 10; round++) { // 10 x 200 = 2,000 steps
                g.generate(prompts, settings);
            }
            System.gc();
            long after = residentKb();
            // A leak of the step's intermediates costs megabytes per hundred steps on this model.
            assertThat(after - before).as("RSS growth in KiB over 2,000 steps").isLessThan(32 * 1024);
        }
    }
}
