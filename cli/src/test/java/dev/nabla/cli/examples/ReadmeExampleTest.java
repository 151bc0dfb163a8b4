package dev.nabla.cli.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nabla.autodiff.GradMode;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.Epoch;
import dev.nabla.data.FashionMnist;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Functional;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Pooling;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's "Ten lines of Nabla", verbatim, so the README cannot drift from the API. */
class ReadmeExampleTest {
    @Test
    void theReadmeSnippetTrains() throws Exception {
        assumeTrue(FashionMnist.isPresent(FashionMnist.DEFAULT_DIR) || "true".equals(System.getenv("CI")),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        // ---- README snippet begins
        Sequential model = new Sequential(new Pooling.Flatten(), new Linear(784, 256), new Activation.ReLU(), new Linear(256, 10));
        Optimizer optimizer = new SGD(model.parameters(), 0.05, 0.9);
        Dataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR);
        try (Epoch epoch = DataLoader.builder(train).batchSize(64).shuffle(true).seed(1).build().epoch(0)) {
            for (Batch batch : epoch) {
                try (MemoryScope step = MemoryScope.open(); batch) {       // frees every temporary of the step
                    Tensor loss = Functional.crossEntropy(model.call(batch.x()), batch.labels());
                    optimizer.zeroGrad();
                    loss.backward();
                    optimizer.step();
                }
            }
        }
        // ---- README snippet ends
        Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
        long correct = 0;
        try (GradMode.Scope off = GradMode.noGrad(); Epoch epoch = DataLoader.builder(test).batchSize(1000).build().epoch(0)) {
            for (Batch batch : epoch) {
                try (MemoryScope step = MemoryScope.open(); batch) {
                    correct += (long) model.call(batch.x()).argmax(1, false).eq(batch.labels()).sum().item();
                }
            }
        }
        assertTrue(correct > 8000, "one epoch of the README's MLP: " + correct + "/10000 test images right");
    }
}
