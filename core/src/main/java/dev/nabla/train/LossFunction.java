package dev.nabla.train;

import dev.nabla.data.Batch;
import dev.nabla.nn.Functional;
import dev.nabla.nn.Losses;
import dev.nabla.nn.Reduction;
import dev.nabla.tensor.Tensor;

/** The training objective: a scalar from the model's output and the batch. */
@FunctionalInterface
public interface LossFunction {
    /** The mean loss of the batch (a scalar tensor). */
    Tensor compute(Tensor output, Batch batch);

    /** Cross-entropy of logits against the batch's class labels. */
    static LossFunction crossEntropy() {
        return (output, batch) -> Functional.crossEntropy(output, requireLabels(batch));
    }

    /** Mean squared error against the batch's clean inputs: the (denoising) autoencoder objective. */
    static LossFunction reconstruction() {
        return (output, batch) -> Losses.mse(output, batch.clean(), Reduction.MEAN);
    }

    private static Tensor requireLabels(Batch batch) {
        if (batch.labels() == null) {
            throw new IllegalArgumentException("cross_entropy: the dataset has no labels");
        }
        return batch.labels();
    }
}
