package dev.nabla.cli;

import dev.nabla.cli.examples.XorExample;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla example NAME}: runs one of the built-in example trainings. */
@Command(name = "example", mixinStandardHelpOptions = true, description = "Run a built-in example training: xor.")
final class ExampleCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Example to run: ${COMPLETION-CANDIDATES}")
    private Example example;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private long seed;

    enum Example { xor }

    @Override
    public Integer call() {
        return switch (example) {
            case xor -> XorExample.run(seed, System.out) ? 0 : 1;
        };
    }
}
