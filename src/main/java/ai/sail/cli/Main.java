package ai.sail.cli;

import ai.sail.tensor.Interruption;
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
            SweepCommand.class,
            MergeCommand.class,
            InitModelCommand.class,
            ServeRewardCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of a failure (also SAIL_DEBUG=1).")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        Interruption.install();
        int status;
        try {
            status = commandLine().execute(args);
        } catch (Throwable t) { // an Error thrown outside picocli's handler, e.g. while parsing
            status = Failure.report(t, new java.io.PrintWriter(System.err, true), debugAsked(args));
        }
        System.exit(status);
    }

    private static boolean debugAsked(String[] args) {
        return "1".equals(System.getenv("SAIL_DEBUG")) || java.util.Arrays.asList(args).contains("--debug");
    }

    /** The configured command line; tests drive it directly. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("train", TrainCommand.create());
        cli.setExecutionExceptionHandler((e, line, parsed) ->
                Failure.report(e, line.getErr(), debugAsked(parsed.originalArgs().toArray(String[]::new))));
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
