package ai.sail.cli;

import ai.sail.align.Help;
import ai.sail.align.TrainConfig;
import ai.sail.align.TrainingRun;
import ai.sail.tensor.TorchRuntime;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code sail train}: its options are generated from {@link TrainConfig}'s fields, so the flags, the
 * YAML keys and the help text are one list. Values: defaults, then {@code --config run.yaml}, then
 * flags given on the command line.
 */
final class TrainCommand implements Callable<Integer> {
    private CommandSpec spec;

    /** The command, its options built from the configuration record. */
    static CommandLine create() {
        TrainCommand command = new TrainCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("train").mixinStandardHelpOptions(true);
        command.spec = spec;
        spec.usageMessage().description(
                "Train a policy with DPO, IPO, hinge, robust DPO, online DPO, iterative DPO or SAIL (PR, PP, DP or a mixture).",
                "Every option is also a key of the --config YAML file; flags override the file.");
        spec.addOption(OptionSpec.builder("--config").paramLabel("run.yaml").type(Path.class)
                .description("YAML file with any of the keys below.").build());
        Map<String, Object> defaults = TrainConfig.defaults();
        for (RecordComponent c : TrainConfig.fields()) {
            String key = TrainConfig.key(c);
            Help help = c.getAnnotation(Help.class);
            Class<?> type = c.getType();
            Object def = defaults.get(key);
            OptionSpec.Builder b = OptionSpec.builder("--" + key)
                    .description(help.value() + (def == null ? "" : " (default: " + def + ")"));
            if (type == boolean.class || type == Boolean.class) {
                b.arity("0..1").type(Boolean.class);
            } else {
                // Named values (methods, losses, devices, ...) stay text here: TrainConfig parses them,
                // so a flag and a YAML key get the same message naming the allowed values.
                Class<?> flagType = type.isPrimitive() ? boxed(type) : Number.class.isAssignableFrom(type) ? type : String.class;
                b.type(flagType).paramLabel(label(type));
            }
            spec.addOption(b.build());
        }
        return new CommandLine(spec);
    }

    @Override
    public Integer call() throws Exception {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, Object> fromFile = new LinkedHashMap<>();
        OptionSpec config = spec.findOption("--config");
        if (parsed.hasMatchedOption(config)) {
            fromFile = TrainConfig.readYaml(parsed.matchedOptionValue("--config", (Path) null));
        }
        Map<String, Object> fromFlags = new LinkedHashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName().substring(2);
            if (!name.equals("config") && !name.equals("debug")) {
                Object value = o.getValue();
                fromFlags.put(name, value == null && o.type() == Boolean.class ? Boolean.TRUE : value);
            }
        }
        TrainConfig train = TrainConfig.from(fromFile, fromFlags);
        TorchRuntime.configureThreads(train.threads());
        TrainingRun.start(train);
        return 0;
    }

    private static Class<?> boxed(Class<?> t) {
        if (t == int.class) {
            return Integer.class;
        }
        if (t == long.class) {
            return Long.class;
        }
        if (t == double.class) {
            return Double.class;
        }
        return t;
    }

    private static String label(Class<?> t) {
        if (t == int.class || t == long.class || t == Integer.class) {
            return "N";
        }
        if (t == double.class || t == Double.class) {
            return "X";
        }
        return "TEXT";
    }
}
