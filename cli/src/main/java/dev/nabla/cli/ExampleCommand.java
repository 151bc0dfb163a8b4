package dev.nabla.cli;

import dev.nabla.cli.examples.FashionExample;
import dev.nabla.cli.examples.XorExample;
import dev.nabla.data.FashionMnist;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla example NAME}: runs one of the built-in example trainings. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Run a built-in example training: xor, or on Fashion-MNIST: mlp, lenet5, vgg-small, autoencoder, "
                + "denoising-autoencoder.")
final class ExampleCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Example to run: ${COMPLETION-CANDIDATES}")
    private Example example;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private long seed;

    @Option(names = "--epochs", description = "Epochs (default: the example's own).", defaultValue = "0")
    private int epochs;

    @Option(names = "--limit", description = "Train on at most this many images (default: all).", defaultValue = "0")
    private int limit;

    @Option(names = "--data", description = "Fashion-MNIST directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "/usr/share/datasets/fashion-mnist")
    private Path data;

    enum Example {
        xor(null), mlp(FashionExample.Kind.MLP), lenet5(FashionExample.Kind.LENET5), vgg_small(FashionExample.Kind.VGG_SMALL),
        autoencoder(FashionExample.Kind.AUTOENCODER), denoising_autoencoder(FashionExample.Kind.DENOISING_AUTOENCODER);

        final FashionExample.Kind kind;

        Example(FashionExample.Kind kind) {
            this.kind = kind;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (example == Example.xor) {
            return XorExample.run(seed, System.out) ? 0 : 1;
        }
        if (!FashionMnist.isPresent(data)) {
            System.err.println("nabla example: Fashion-MNIST not found in " + data
                    + " (install Debian's dataset-fashion-mnist: scripts/setup.sh, or pass --data DIR)");
            return 2;
        }
        FashionExample.run(example.kind, epochs, limit, seed, data, System.out);
        return 0;
    }
}
