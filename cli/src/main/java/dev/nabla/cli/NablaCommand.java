package dev.nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nabla} command line; subcommands do the work. */
@Command(name = "nabla", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Nabla: deep learning on the JVM with CUDA, OpenCL and SIMD CPU backends.",
        subcommands = {InfoCommand.class, ExampleCommand.class})
public final class NablaCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Entry point of the launcher. Exit codes: 0 success, 1 failure, 2 invalid usage or input. */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new NablaCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(ExampleCommand.Example.class, s -> ExampleCommand.Example.valueOf(s.replace('-', '_')));
        System.exit(cli.execute(args));
    }
}
