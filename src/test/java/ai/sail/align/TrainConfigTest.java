package ai.sail.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole configuration is checked before any model loads; errors name the field and the allowed values. */
class TrainConfigTest {
    @TempDir
    Path dir;

    Map<String, Object> base() throws Exception {
        Path data = dir.resolve("pairs.jsonl");
        Files.writeString(data, "{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n");
        Map<String, Object> m = new HashMap<>();
        m.put("model", "no-model-needed-for-validation");
        m.put("data", data.toString());
        return m;
    }

    @Test
    void defaultsFollowThePythonTrainerAndTheMethodPresets() throws Exception {
        TrainConfig c = TrainConfig.from(base());
        assertThat(c.beta()).isEqualTo(0.1);
        assertThat(c.routing().offline()).isEqualTo(1.0);
        Map<String, Object> dp = base();
        dp.put("method", "sail-dp");
        assertThat(TrainConfig.from(dp).routing()).isEqualTo(new Routing(0.2, 0, 0, 0.2, 0, 0)); // Sail's preset
        dp.put("sail-preset", "authors");
        assertThat(TrainConfig.from(dp).routing()).isEqualTo(new Routing(0.4, 0, 0, 0.2, 0, 0));
        Map<String, Object> pp = base();
        pp.put("method", "sail-pp");
        assertThat(TrainConfig.from(pp).routing()).isEqualTo(new Routing(0, 0.3, 0, 0, 0.2, 0));
        Map<String, Object> pr = base();
        pr.put("method", "sail-pr");
        pr.put("reward", "lexicon:sentiment");
        assertThat(TrainConfig.from(pr).routing()).isEqualTo(new Routing(0, 0, 0.6, 0, 0, 0.3)); // Sail's preset
        pr.put("sail-preset", "authors");
        assertThat(TrainConfig.from(pr).routing()).isEqualTo(new Routing(0, 0, 0.3, 0, 0, 0.3));
        pr.put("gamma", 0.5);
        assertThat(TrainConfig.from(pr).routing().gamma()).isEqualTo(0.5);
        // Prompts only: every example online.
        Map<String, Object> promptsOnly = new HashMap<>(pr);
        promptsOnly.remove("data");
        promptsOnly.put("prompts", pr.get("data"));
        promptsOnly.remove("gamma");
        assertThat(TrainConfig.from(promptsOnly).routing()).isEqualTo(new Routing(0, 0, 1, 0, 0, 0.3));
        Map<String, Object> online = new HashMap<>(pr);
        online.put("method", "online-dpo");
        online.remove("gamma");
        assertThat(TrainConfig.from(online).routing()).isEqualTo(new Routing(0, 0, 1, 0, 0, 0));
    }

    @Test
    void refreshingTheReferenceUnderLoraIsRefusedNamingBothOptionsAndWhy() throws Exception {
        Map<String, Object> m = base();
        m.put("method", "iterative-dpo");
        m.put("reward", "lexicon:sentiment");
        m.put("refresh-reference", true);
        assertThat(TrainConfig.from(m).refreshReference()).isTrue(); // fine without LoRA
        m.put("lora-r", 8);
        assertThatThrownBy(() -> TrainConfig.from(m)).hasMessageStartingWith("refresh-reference")
                .hasMessageContaining("lora-r").hasMessageContaining("adapters switched off").hasMessageContaining("merging");
        Path adapter = Files.createDirectories(dir.resolve("adapter"));
        Files.writeString(adapter.resolve("adapter_config.json"), "{}");
        m.put("lora-r", 0);
        m.put("adapter", adapter.toString());
        assertThatThrownBy(() -> TrainConfig.from(m)).hasMessageStartingWith("refresh-reference")
                .hasMessageContaining("adapter").hasMessageContaining("merging");
    }

    @Test
    void sixteenBitFrozenWeightsNeedLora() throws Exception {
        Map<String, Object> m = base();
        assertThat(TrainConfig.from(m).frozenDType()).isEqualTo(ai.sail.model.FrozenDType.FP32);
        m.put("frozen-dtype", "bf16");
        assertThatThrownBy(() -> TrainConfig.from(m)).hasMessageStartingWith("frozen-dtype").hasMessageContaining("lora-r");
        m.put("lora-r", 4);
        assertThat(TrainConfig.from(m).frozenDType()).isEqualTo(ai.sail.model.FrozenDType.BF16);
        m.put("frozen-dtype", "f8");
        assertThatThrownBy(() -> TrainConfig.from(m)).hasMessageContaining("frozen-dtype").hasMessageContaining("fp32, f16, bf16, auto");
    }

    @Test
    void badValuesNameTheFieldAndWhatIsAllowed() throws Exception {
        Map<String, Object> m = base();
        m.put("method", "ppo");
        assertThatThrownBy(() -> TrainConfig.from(m)).hasMessageContaining("method")
                .hasMessageContaining("dpo, ipo, hinge, robust, online-dpo, iterative-dpo, sail-pr, sail-pp, sail-dp, sail");
        Map<String, Object> unknown = base();
        unknown.put("learning_rate", 1e-5);
        assertThatThrownBy(() -> TrainConfig.from(unknown)).hasMessageContaining("unknown configuration key 'learning_rate'")
                .hasMessageContaining("learning-rate");
        Map<String, Object> type = base();
        type.put("batch-size", "eight");
        assertThatThrownBy(() -> TrainConfig.from(type)).hasMessageContaining("batch-size");
        Map<String, Object> reward = base();
        reward.put("method", "sail-pr");
        assertThatThrownBy(() -> TrainConfig.from(reward)).hasMessageContaining("reward is required");
        Map<String, Object> probs = base();
        probs.put("method", "sail");
        probs.put("r", 0.5);
        probs.put("p", 0.4);
        probs.put("g", 0.3);
        probs.put("reward", "length:10");
        assertThatThrownBy(() -> TrainConfig.from(probs)).hasMessageContaining("r + p + g must be <= 1");
        Map<String, Object> loss = base();
        loss.put("loss", "kto");
        assertThatThrownBy(() -> TrainConfig.from(loss)).hasMessageContaining("loss").hasMessageContaining("sigmoid, ipo, hinge, robust");
        Map<String, Object> missing = base();
        missing.put("data", dir.resolve("nope.jsonl").toString());
        assertThatThrownBy(() -> TrainConfig.from(missing)).hasMessageContaining("data: no such file");
        Map<String, Object> lengths = base();
        lengths.put("max-length", 100);
        lengths.put("max-prompt-length", 200);
        assertThatThrownBy(() -> TrainConfig.from(lengths)).hasMessageContaining("max-length");
    }

    @Test
    void yamlLayersUnderFlags() throws Exception {
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "method: sail-dp\nbeta: 0.2\nlearning-rate: 5.0e-6\n");
        Map<String, Object> flags = base();
        flags.put("beta", 0.3);
        TrainConfig c = TrainConfig.from(TrainConfig.readYaml(yaml), flags);
        assertThat(c.method()).isEqualTo(Method.SAIL_DP);
        assertThat(c.beta()).isEqualTo(0.3);
        assertThat(c.learningRate()).isEqualTo(5e-6);
    }

    @Test
    void everyNamedValueIsTypedAndAWrongNameListsTheAllowedOnes() throws Exception {
        Map<String, Object> m = base();
        m.put("truncation", "keep-start");
        m.put("chat-template", "none");
        m.put("lr-schedule", "cosine");
        m.put("sail-form", "reference-code");
        m.put("loss", "ipo");
        m.put("device", "cuda:1");
        TrainConfig c = TrainConfig.from(m);
        assertThat(c.truncation()).isEqualTo(ai.sail.data.Truncation.KEEP_START);
        assertThat(c.chatTemplate()).isEqualTo(ai.sail.data.ChatTemplateUse.NONE);
        assertThat(c.lrSchedule()).isEqualTo(LearningRateSchedule.Decay.COSINE);
        assertThat(c.sailForm()).isEqualTo(SailForm.REFERENCE_CODE);
        assertThat(c.lossType()).isEqualTo(LossType.IPO);
        assertThat(c.device()).isEqualTo(new ai.sail.tensor.DeviceSpec(true, 1));
        assertThat(c.pairing()).isEqualTo(Pairing.BEST_WORST);
        String[][] bad = {
            {"truncation", "middle", "keep-start, keep-end"},
            {"chat-template", "always", "auto, none"},
            {"lr-schedule", "step", "constant, linear, cosine"},
            {"sail-form", "paper", "exact, reference-code"},
            {"pairing", "best", "best-worst, random"},
            {"device", "tpu", "cpu or cuda:N"},
        };
        for (String[] b : bad) {
            Map<String, Object> wrong = base();
            wrong.put(b[0], b[1]);
            assertThatThrownBy(() -> TrainConfig.from(wrong)).as(b[0])
                    .hasMessageContaining("configuration key " + b[0] + ": '" + b[1] + "'")
                    .hasMessageContaining(b[2]);
        }
    }

    @Test
    void sailBaselineAndLengthNormReachTheLossAndApplyToTheExactFormOnly() throws Exception {
        TrainConfig defaults = TrainConfig.from(base());
        assertThat(defaults.sailBaseline()).isNull();
        assertThat(defaults.resolvedSailBaseline()).isEqualTo(SailBaseline.NONE); // dpo samples nothing
        assertThat(defaults.sailLengthNorm()).isNull();
        assertThat(defaults.resolvedSailLengthNorm()).isFalse();
        assertThat(defaults.lossSettings().keepsTies()).isFalse();

        Map<String, Object> m = base();
        m.put("sail-baseline", "leave-one-out");
        m.put("sail-length-norm", true);
        TrainConfig c = TrainConfig.from(m);
        assertThat(c.lossSettings().sailBaseline()).isEqualTo(SailBaseline.LEAVE_ONE_OUT);
        assertThat(c.lossSettings().sailLengthNorm()).isTrue();
        assertThat(c.lossSettings().keepsTies()).isTrue();
        for (String name : new String[] {"none", "batch-mean", "pair", "leave-one-out"}) {
            m.put("sail-baseline", name);
            assertThat(TrainConfig.from(m).sailBaseline().cliName()).isEqualTo(name);
        }

        Map<String, Object> wrong = base();
        wrong.put("sail-baseline", "loo");
        assertThatThrownBy(() -> TrainConfig.from(wrong)).hasMessageContaining("configuration key sail-baseline: 'loo'")
                .hasMessageContaining("none, batch-mean, pair, leave-one-out");

        Map<String, Object> authors = base();
        authors.put("sail-form", "reference-code");
        authors.put("sail-baseline", "pair");
        assertThatThrownBy(() -> TrainConfig.from(authors)).hasMessageContaining("sail-baseline pair")
                .hasMessageContaining("sail-form exact").hasMessageContaining("reference-code");
        authors.put("sail-baseline", "none");
        authors.put("sail-length-norm", true);
        assertThatThrownBy(() -> TrainConfig.from(authors)).hasMessageContaining("sail-length-norm")
                .hasMessageContaining("sail-form exact").hasMessageContaining("reference-code");
        authors.put("sail-length-norm", false);
        assertThat(TrainConfig.from(authors).sailForm()).isEqualTo(SailForm.REFERENCE_CODE);

        TrainConfig typed = TrainConfig.defaultConfig().withModel((String) m.get("model")).withData((String) m.get("data"))
                .withSailBaseline(SailBaseline.BATCH_MEAN).withSailLengthNorm(true);
        typed.validate();
        Path yaml = dir.resolve("baseline.yaml");
        Files.writeString(yaml, typed.toYaml());
        assertThat(Files.readString(yaml)).contains("sail-baseline: \"batch-mean\"").contains("sail-length-norm: true");
        assertThat(TrainConfig.from(TrainConfig.readYaml(yaml))).isEqualTo(typed);
    }

    @Test
    void aFractionalCountIsRefusedNotRoundedDown() throws Exception {
        Map<String, Object> m = base();
        m.put("max-steps", 2.7);
        assertThatThrownBy(() -> TrainConfig.from(m)).hasMessageContaining("max-steps");
    }

    @Test
    void typedCopiesEqualTheSameSettingsReadFromYaml() throws Exception {
        Map<String, Object> m = base();
        TrainConfig typed = TrainConfig.defaultConfig()
                .withModel((String) m.get("model"))
                .withData((String) m.get("data"))
                .withMethod(Method.SAIL_PR)
                .withReward("lexicon:sentiment")
                .withG(0.5)
                .withLrSchedule(LearningRateSchedule.Decay.CONSTANT)
                .withMaxSteps(7);
        typed.validate();
        Path yaml = dir.resolve("typed.yaml");
        Files.writeString(yaml, typed.toYaml());
        assertThat(TrainConfig.from(TrainConfig.readYaml(yaml))).isEqualTo(typed);
        assertThat(typed.routing()).isEqualTo(new Routing(0, 0, 0.5, 0, 0, 0.3));
        assertThat(TrainConfig.defaultConfig().maxLength()).isEqualTo(512);
        assertThat(TrainConfig.defaultConfig().method()).isEqualTo(Method.DPO);
    }

    @Test
    void theSailPresetFillsWhatIsNotGivenAndTheAuthorsPresetIsThePaperAsWritten() throws Exception {
        for (String method : new String[] {"sail-pr", "sail-pp", "sail-dp"}) {
            Map<String, Object> m = base();
            m.put("method", method);
            m.put("reward", "length:8");
            TrainConfig sail = TrainConfig.from(m);
            m.put("sail-preset", "authors");
            TrainConfig authors = TrainConfig.from(m);
            Method parsed = Method.parse(method);
            assertThat(authors.routing()).as(method).isEqualTo(parsed.presetRouting(true));
            assertThat(authors.resolvedSailBaseline()).as(method).isEqualTo(SailBaseline.NONE);
            assertThat(sail.routing()).as(method).isEqualTo(SailPreset.SAIL.routing(parsed, true));
            assertThat(sail.resolvedSailBaseline()).as(method).isEqualTo(SailPreset.SAIL.baseline(parsed));
            assertThat(sail.resolvedSailLengthNorm()).as(method).isEqualTo(SailPreset.SAIL.lengthNorm(parsed));
            assertThat(authors.resolvedSailLengthNorm()).as(method).isFalse();
            m.put("gamma", 0.05);
            m.put("rho", 0.07);
            m.put("pi-coef", 0.09);
            m.put("sail-baseline", "pair");
            TrainConfig given = TrainConfig.from(m);
            assertThat(given.routing().gamma()).isEqualTo(0.05);
            assertThat(given.routing().rho()).isEqualTo(0.07);
            assertThat(given.routing().piCoef()).isEqualTo(0.09);
            assertThat(given.resolvedSailBaseline()).isEqualTo(SailBaseline.PAIR);
        }
        Map<String, Object> m = base();
        m.put("method", "sail-pr");
        m.put("reward", "length:8");
        m.put("sail-form", "reference-code"); // the authors' hook has no baseline, whatever the preset
        assertThat(TrainConfig.from(m).resolvedSailBaseline()).isEqualTo(SailBaseline.NONE);
        assertThat(TrainConfig.from(m).resolvedSailLengthNorm()).isFalse();
        for (String method : new String[] {"online-dpo", "iterative-dpo"}) { // no sampling term: ties as plain DPO
            m.put("method", method);
            m.remove("sail-form");
            assertThat(TrainConfig.from(m).lossSettings().keepsTies()).as(method).isFalse();
        }
    }
}
