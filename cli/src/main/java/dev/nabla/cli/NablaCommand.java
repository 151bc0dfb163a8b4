package dev.nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nabla} command line; subcommands do the work. */
@Command(name = "nabla", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Nabla: deep learning on the JVM with CUDA, OpenCL and SIMD CPU backends.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, TuneCommand.class, BenchCommand.class,
                InfoCommand.class, ExampleCommand.class},
        footer = {"", ExitCodes.HELP})
public final class NablaCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Entry point of the launcher; the exit codes are those of {@link ExitCodes}. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        // Charts are drawn without a display.
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new NablaCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(ExampleCommand.Example.class, s -> ExampleCommand.Example.valueOf(s.replace('-', '_')));
        return cli.execute(args);
    }
}
