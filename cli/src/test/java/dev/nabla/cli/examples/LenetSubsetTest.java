package dev.nabla.cli.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.Normalize;
import dev.nabla.data.Splits;
import dev.nabla.nn.ModelSpec;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Generator;
import dev.nabla.train.Evaluation;
import dev.nabla.train.LossFunction;
import dev.nabla.train.Progress;
import dev.nabla.train.Trainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CI bar for real data: one epoch of LeNet-5 on a 5,000-image subset of Fashion-MNIST,
 * on the default (fastest CPU) backend, beats 75% on the 10,000 test images.
 */
class LenetSubsetTest {
    @Test
    void oneEpochOnFiveThousandImagesBeats75Percent() throws Exception {
        boolean present = FashionMnist.isPresent(FashionMnist.DEFAULT_DIR);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Fashion-MNIST missing in CI: .ci/run installs dataset-fashion-mnist");
        }
        assumeTrue(present, "Fashion-MNIST not installed in " + FashionMnist.DEFAULT_DIR
                + " (apt-get install dataset-fashion-mnist)");
        Backend backend = Backends.defaultBackend();
        Dataset all = FashionMnist.train(FashionMnist.DEFAULT_DIR);
        Dataset subset = Splits.split(all, new int[] {5000, all.size() - 5000}, 1).get(0);
        Module model = ModelSpec.preset("lenet5", Map.of()).build(new Generator(1));
        // One short epoch needs many small steps on normalised inputs: Adam 2e-3, batch 16 (313 steps).
        // The same setup in python3-torch 1.13 here reaches 76.0%, 76.7% and 77.9% (seeds 0-2).
        Normalize normalize = Normalize.fit(subset);
        Trainer trainer = Trainer.builder(model, new Adam(model.parameters(), 2e-3), LossFunction.crossEntropy())
                .epochs(1).progress(new Progress(Progress.Mode.LINES, System.out, 100)).build();
        trainer.fit(DataLoader.builder(subset).batchSize(16).shuffle(true).seed(1).transforms(normalize).backend(backend)
                .build(), null);
        Evaluation test = trainer.evaluate(DataLoader.builder(FashionMnist.test(FashionMnist.DEFAULT_DIR)).batchSize(500)
                .transforms(normalize).backend(backend).build());
        System.out.println("LeNet-5, 1 epoch on 5,000 images, backend " + backend.name() + ": " + test);
        assertTrue(test.accuracy() > 0.75, test.toString());
    }
}
