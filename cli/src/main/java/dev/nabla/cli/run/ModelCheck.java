package dev.nabla.cli.run;

import dev.nabla.autodiff.GradMode;
import dev.nabla.data.Dataset;
import dev.nabla.nn.Module;
import dev.nabla.nn.SpecException;
import dev.nabla.tensor.MemoryScope;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Checks, before training, that a model takes the data's samples and fits the objective (one forward pass of a zero sample). */
final class ModelCheck {
    private ModelCheck() {
    }

    /**
     * @param classes number of label classes (for cross-entropy)
     * @throws SpecException naming {@code model} when the shapes do not fit
     */
    static void check(Module model, Dataset data, String loss, int classes) {
        int[] sample = data.featureShape();
        int[] shape = new int[sample.length + 1];
        shape[0] = 2;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        boolean training = model.isTraining();
        int[] out;
        try (GradMode.Scope off = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            model.eval();
            out = model.call(Tensor.zeros(shape)).shape();
        } catch (RuntimeException e) {
            throw new SpecException("model", "does not take the data's samples of shape " + Shapes.str(sample) + ": "
                    + e.getMessage());
        } finally {
            model.train(training);
        }
        if (loss.equals("cross_entropy")) {
            if (!data.hasLabels()) {
                throw new SpecException("loss", "cross_entropy needs class labels; the training data has none");
            }
            if (out.length != 2 || out[1] < classes) {
                throw new SpecException("model", "gives outputs of shape " + Shapes.str(out) + " per batch, cross_entropy needs [N, "
                        + classes + "] or more classes for the data's " + classes + " classes (set the last layer's out, or the"
                        + " preset's classes)");
            }
        } else if (!Arrays.equals(out, shape)) {
            throw new SpecException("model", "gives outputs of shape " + Shapes.str(out) + " for inputs " + Shapes.str(shape)
                    + "; loss reconstruction needs the input's shape");
        }
    }
}
