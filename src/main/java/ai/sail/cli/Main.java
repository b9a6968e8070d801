package ai.sail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sail} command: wiring only; each subcommand hands its options to the engine. */
@Command(name = "sail",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        resourceBundle = "ai.sail.cli.OptionWording",
        description = "Online preference alignment (SAIL and the DPO family) for language models on the JVM.",
        subcommands = {
            GenerateCommand.class,
            EvalCommand.class,
            ScoreCommand.class,
            InspectCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests drive it directly. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("train", TrainCommand.create());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            // Bad input is the user's to fix: one clear line. Anything else is ours: full trace.
            if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
                line.getErr().println("sail: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sail " + (v == null ? "development build" : v)};
        }
    }
}
