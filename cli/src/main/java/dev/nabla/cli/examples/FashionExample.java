package dev.nabla.cli.examples;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.GaussianNoise;
import dev.nabla.data.Splits;
import dev.nabla.nn.ModelSpec;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.train.Evaluation;
import dev.nabla.train.LossFunction;
import dev.nabla.train.Progress;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Fashion-MNIST examples: a preset model, its classic hyper-parameters, training on the
 * default backend and the test-set result. Inputs are scaled to [0, 1] (no normalisation), as in
 * the PyTorch reference runs of {@code benchmarks/RESULTS.md}.
 */
public final class FashionExample {
    /** One example: preset, optimizer, batch size, epochs, and whether it reconstructs its input. */
    public enum Kind {
        MLP("mlp", false, 0, 64, 5, false),
        LENET5("lenet5", false, 0, 64, 5, false),
        VGG_SMALL("vgg-small", true, 0, 128, 10, false),
        AUTOENCODER("autoencoder", true, 0, 128, 10, true),
        DENOISING_AUTOENCODER("autoencoder", true, 0.2, 128, 10, true);

        final String preset;
        final boolean adam;
        final double noise;
        final int batch;
        final int epochs;
        final boolean reconstruct;

        Kind(String preset, boolean adam, double noise, int batch, int epochs, boolean reconstruct) {
            this.preset = preset;
            this.adam = adam;
            this.noise = noise;
            this.batch = batch;
            this.epochs = epochs;
            this.reconstruct = reconstruct;
        }
    }

    private FashionExample() {
    }

    /**
     * Trains {@code kind} and prints progress and the test result.
     *
     * @param epochs 0 for the example's default
     * @param limit  train on at most this many images (0: all 60,000)
     * @return the test evaluation
     */
    public static Evaluation run(Kind kind, int epochs, int limit, long seed, Path dataDir, PrintStream out) throws IOException {
        Backend backend = Backends.current();
        Dataset train = FashionMnist.train(dataDir);
        Dataset test = FashionMnist.test(dataDir);
        if (limit > 0 && limit < train.size()) {
            train = Splits.split(train, new int[] {limit, train.size() - limit}, seed).get(0);
        }
        int n = epochs > 0 ? epochs : kind.epochs;
        Generator gen = new Generator(seed);
        Generator.manualSeed(seed + 1);     // dropout masks
        Module model = ModelSpec.preset(kind.preset, Map.of()).build(gen);
        Optimizer optimizer = kind.adam ? new Adam(model.parameters(), 1e-3) : new SGD(model.parameters(), 0.05, 0.9);
        DataLoader.Builder loader = DataLoader.builder(train).batchSize(kind.batch).shuffle(true).seed(seed).backend(backend);
        if (kind.noise > 0) {
            loader.transforms(new GaussianNoise(kind.noise, 0, 1));
        }
        DataLoader.Builder testLoader = DataLoader.builder(test).batchSize(500).seed(seed).backend(backend);
        if (kind.noise > 0) {
            testLoader.transforms(new GaussianNoise(kind.noise, 0, 1));   // test loss: noisy input vs clean target
        }
        LossFunction loss = kind.reconstruct ? LossFunction.reconstruction() : LossFunction.crossEntropy();
        out.printf("%s on Fashion-MNIST: %d training images, %d epochs, batch %d, %s, backend %s, %,d parameters%n",
                kind.name().toLowerCase(java.util.Locale.ROOT), train.size(), n, kind.batch,
                kind.adam ? "Adam lr 1e-3" : "SGD lr 0.05 momentum 0.9", backend.name(), model.parameterCount());
        Trainer trainer = Trainer.builder(model, optimizer, loss).epochs(n)
                .progress(new Progress(Progress.Mode.AUTO, out, 200)).build();
        long started = System.nanoTime();
        trainer.fit(loader.build(), null);
        Evaluation evaluation = trainer.evaluate(testLoader.build());
        out.printf("test: %s (training %.1f s)%n", evaluation, (System.nanoTime() - started) / 1e9);
        return evaluation;
    }
}
