package ai.sail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.sail.model.Architecture;
import ai.sail.model.BenchmarkModel;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every command's options as the user sees them (names, value labels, defaults, which are required,
 * help text), compared with the listing recorded in {@code options.txt} beside this class, so that no
 * change drops, renames or re-words an option or moves a default without the listing changing too;
 * then parsing, to check that values reach the shared mixins and that required options and argument
 * groups are enforced. Nothing here loads a model. {@code train} is left out of the listing: its
 * options are generated from the training configuration, which is tested on its own.
 */
class CommandOptionsTest {

    /**
     * Every command but {@code train}, in the order of the command tree: a line with its path, then
     * per option (sorted by name) its names and value label, "required" when it must always be given
     * (an option in an argument group follows the group's rules, checked below), its default, and
     * on the next line its help text as {@code --help} prints it.
     */
    static String listing() {
        StringBuilder out = new StringBuilder();
        list(Main.commandLine(), "sail", out);
        return out.toString();
    }

    private static void list(CommandLine cli, String path, StringBuilder out) {
        out.append(path).append('\n');
        cli.getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .sorted(Comparator.comparing(OptionSpec::longestName))
                .forEach(o -> out.append("  ").append(line(o)).append("\n      ")
                        .append(String.join(" ", o.renderedDescription())).append('\n'));
        cli.getCommandSpec().positionalParameters().forEach(p -> out.append("  ").append(p.paramLabel()).append('\n'));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && !(path.equals("sail") && name.equals("train"))) {
                list(sub, path + " " + name, out);
            }
        });
    }

    private static String line(OptionSpec o) {
        StringBuilder s = new StringBuilder(String.join(", ", o.names()));
        if (o.arity().max() > 0) {
            s.append('=').append(o.paramLabel());
        }
        if (o.required() && o.group() == null) {
            s.append(" required");
        }
        if (o.arity().max() > 0 && !o.defaultValueString().equals("null")) {
            s.append(" default ").append(o.defaultValueString());
        }
        return s.toString();
    }

    /** Parses {@code args} and returns the command object of the last subcommand they name. */
    static <T> T parse(String... args) {
        ParseResult result = Main.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec().commandLine().getCommand();
    }

    @Test
    void everyCommandKeepsItsOptionsTheirDefaultsAndTheirHelp() throws Exception {
        String recorded;
        try (InputStream in = CommandOptionsTest.class.getResourceAsStream("options.txt")) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (System.getenv("SAIL_WRITE_LISTING") != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(System.getenv("SAIL_WRITE_LISTING")), listing());
        }
        assertThat(listing())
                .as("the command line changed; if on purpose, update src/test/resources/ai/sail/cli/options.txt"
                        + " (and the README's \"Commands\")")
                .isEqualTo(recorded);
        assertThat(Main.commandLine().getSubcommands().keySet())
                .containsExactlyInAnyOrder("generate", "eval", "score", "inspect", "bench", "demo", "sweep", "merge", "init-model",
                        "serve-reward", "doctor", "train", "help");
    }

    @Test
    void parsedValuesReachTheSharedMixins() {
        GenerateCommand defaults = parse("generate", "--model", "m", "--prompt", "hi");
        assertThat(defaults.model.model).isEqualTo("m");
        assertThat(defaults.input.prompt).isEqualTo("hi");
        assertThat(defaults.input.batchFile).isNull();
        assertThat(defaults.prompts.chat).isFalse();
        assertThat(defaults.sampling.maxNewTokens).isEqualTo(128);
        assertThat(defaults.sampling.temperature.value).isEqualTo(1f);
        assertThat(defaults.sampling.topP).isEqualTo(1f);
        assertThat(defaults.sampling.seed).isZero();
        assertThat(defaults.sampling.batchSize).isEqualTo(16);
        assertThat(defaults.topK).isZero();
        assertThat(defaults.stop).isEmpty();
        assertThat(defaults.runtime.device).isEqualTo("cpu");
        assertThat(defaults.runtime.threads).isZero();

        GenerateCommand given = parse("generate", "--model", "m", "--batch-file", "p.jsonl", "--chat",
                "--max-new-tokens", "7", "--temperature", "0.5", "--top-k", "3", "--top-p", "0.9", "--seed", "11",
                "--stop", "a", "--stop", "b", "--batch-size", "2", "--device", "cuda:1", "--threads", "1");
        assertThat(given.input.batchFile).isEqualTo(Path.of("p.jsonl"));
        assertThat(given.prompts.chat).isTrue();
        assertThat(given.sampling.generation(given.topK, List.of(2), given.stop))
                .satisfies(g -> {
                    assertThat(g.maxNewTokens()).isEqualTo(7);
                    assertThat(g.sampling().temperature()).isEqualTo(0.5f);
                    assertThat(g.sampling().topK()).isEqualTo(3);
                    assertThat(g.sampling().topP()).isEqualTo(0.9f);
                    assertThat(g.seed()).isEqualTo(11);
                    assertThat(g.stopStrings()).containsExactly("a", "b");
                    assertThat(g.eosIds()).containsExactly(2);
                });
        assertThat(given.sampling.batchSize).isEqualTo(2);
        assertThat(given.runtime.device).isEqualTo("cuda:1");
        assertThat(given.runtime.threads).isEqualTo(1);

        EvalCommand eval = parse("eval", "--model", "m", "--prompts", "p.jsonl", "--reward", "length:5", "--seed", "3",
                "--temperature", "0.7");
        assertThat(eval.model.model).isEqualTo("m");
        assertThat(eval.prompts.file).isEqualTo(Path.of("p.jsonl"));
        assertThat(eval.sampling.seed).isEqualTo(3);
        assertThat(eval.sampling.temperature.value).isEqualTo(0.7f);
        assertThat(eval.sampling.maxNewTokens).isEqualTo(128);

        ScoreCommand score = parse("score", "--model", "m", "--prompt", "", "--response", "r", "--chat");
        assertThat(score.input.text.prompt).isEmpty();
        assertThat(score.input.text.response).isEqualTo("r");
        assertThat(score.prompts.chat).isTrue();

        BenchCommand.Generate bench = parse("bench", "generate", "--temperature", "0", "--repeats", "5");
        assertThat(bench.temperature.value).isZero();
        assertThat(bench.flags.repeats).isEqualTo(5);
        assertThat(bench.flags.model).isNull();
        BenchCommand.Forward forward = parse("bench", "forward", "--model", "m");
        assertThat(forward.flags.model.model).isEqualTo("m");
        assertThat(bench.flags.shape.shape()).isEqualTo(new BenchmarkModel.Shape(Architecture.LLAMA, 256, 4, 4, 4, 768, 8192));

        InitModelCommand preset = parse("init-model", "--output", "o", "--tokenizer", "t.json", "--shape", "qwen2.5-0.5b");
        assertThat(preset.shape.shape()).isEqualTo(BenchmarkModel.Shape.preset("qwen2.5-0.5b"));
        assertThat(preset.seed).isEqualTo(1);
        InitModelCommand shaped = parse("init-model", "--output", "o", "--tokenizer", "t.json", "--arch", "qwen2",
                "--d-model", "64", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--ffn", "128", "--vocab", "151936",
                "--seed", "9");
        assertThat(shaped.shape.shape()).isEqualTo(new BenchmarkModel.Shape(Architecture.QWEN2, 64, 2, 4, 2, 128, 151_936));
        assertThat(shaped.seed).isEqualTo(9);
        assertThat(shaped.output).isEqualTo(Path.of("o"));

        ServeRewardCommand serve = parse("serve-reward", "--reward", "length:5");
        assertThat(serve.host).isEqualTo("127.0.0.1");
        assertThat(serve.port).isEqualTo(5000);
        assertThat(serve.batchSize).isEqualTo(8);
        assertThat(serve.logRequests).isFalse();
        assertThat(serve.runtime.device).isEqualTo("cpu");
    }

    @Test
    void optionalModelAndPromptsAreAbsentUntilGiven() {
        DemoCommand plain = parse("demo", "--threads", "1");
        assertThat(plain.model).isNull();
        assertThat(plain.prompts).isNull();
        assertThat(plain.runtime.threads).isEqualTo(1);
        DemoCommand own = parse("demo", "--model", "m", "--prompts", "p.jsonl");
        assertThat(own.model.model).isEqualTo("m");
        assertThat(own.prompts.file).isEqualTo(Path.of("p.jsonl"));
    }

    @Test
    void requiredOptionsAndGroupsAreEnforcedWhileParsing() {
        assertThatThrownBy(() -> parse("generate", "--prompt", "x"))
                .hasMessageContaining("Missing required option: '--model=PATH|Org/Name'");
        assertThatThrownBy(() -> parse("generate", "--model", "m"))
                .hasMessageContaining("--prompt=TEXT | --batch-file=prompts.jsonl");
        assertThatThrownBy(() -> parse("generate", "--model", "m", "--prompt", "x", "--batch-file", "f"))
                .hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> parse("eval", "--model", "m", "--reward", "length:5"))
                .hasMessageContaining("--prompts=FILE");
        assertThatThrownBy(() -> parse("score", "--model", "m", "--prompt", "x"))
                .hasMessageContaining("--response=TEXT");
        assertThatThrownBy(() -> parse("score", "--model", "m", "--prompt", "x", "--response", "y", "--ids", "[[1]]"))
                .hasMessageContaining("mutually exclusive");
    }

    /** A command that takes the sampling options with a default of its own, as {@link SamplingOptions} describes. */
    @Command(name = "short")
    static final class ShortSampling implements Runnable {
        @Mixin
        SamplingOptions sampling = shortSampling();

        static SamplingOptions shortSampling() {
            SamplingOptions s = new SamplingOptions();
            s.maxNewTokens = 64;
            return s;
        }

        @Override
        public void run() {}
    }

    @Test
    void aPrebuiltMixinGivesOneCommandItsOwnDefault() {
        CommandLine cli = new CommandLine(new ShortSampling());
        StringWriter help = new StringWriter();
        cli.usage(new PrintWriter(help));
        assertThat(help.toString()).contains("Tokens to generate at most per prompt (default: 64).")
                .contains("(default: 1.0)");
        cli.parseArgs();
        assertThat(((ShortSampling) cli.getCommand()).sampling.maxNewTokens).isEqualTo(64);
        cli.parseArgs("--max-new-tokens", "9");
        assertThat(((ShortSampling) cli.getCommand()).sampling.maxNewTokens).isEqualTo(9);
        cli.parseArgs();
        assertThat(((ShortSampling) cli.getCommand()).sampling.maxNewTokens).isEqualTo(64);
        // The commands themselves keep the shared default.
        assertThat(listing()).contains("--max-new-tokens=N default 128").doesNotContain("--max-new-tokens=N default 64");
    }
}
