package dev.nabla.cli.run;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.data.Dataset;
import dev.nabla.nn.Module;
import dev.nabla.nn.SpecException;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shapes;
import dev.nabla.train.Evaluation;
import dev.nabla.train.LossFunction;
import dev.nabla.train.Progress;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A trained model rebuilt from its description ({@code best.json}) and weights ({@code *.safetensors}),
 * in evaluation mode: what {@code nabla eval} and {@code nabla predict} use.
 *
 * @param description the description (layers, input shape, classes, normalisation)
 * @param model       the model with the weights loaded
 * @param backend     where it lives
 */
public record SavedModel(ModelDescription description, Module model, Backend backend) {

    /**
     * Rebuilds the model on {@code backend} and loads {@code weights}.
     *
     * @throws IOException if a file is missing or malformed, or the weights do not fit the layers
     */
    public static SavedModel load(Path descriptionFile, Path weights, Backend backend) throws IOException {
        ModelDescription d = ModelDescription.read(descriptionFile);
        try (Backends.Scope scope = Backends.use(backend)) {
            Module model = d.spec().build("layers", new Generator(0));
            try {
                JobRunner.loadWeights(model, weights, backend);
            } catch (IllegalArgumentException e) {
                throw new IOException(weights + " does not fit the layers of " + descriptionFile + ": " + e.getMessage(), e);
            }
            model.eval();
            return new SavedModel(d, model, backend);
        } catch (SpecException e) {
            throw new IOException(descriptionFile + ": " + e.getMessage(), e);
        }
    }

    /** Checks that {@code data}'s samples have the shape the model was trained on. */
    public void requireShape(Dataset data) {
        if (!Arrays.equals(data.featureShape(), description.inputShape())) {
            throw new IllegalArgumentException("the data's samples have shape " + Shapes.str(data.featureShape())
                    + ", the model was trained on " + Shapes.str(description.inputShape()));
        }
    }

    /** Loss and (with labels) accuracy and confusion matrix over {@code data}, normalised as in training. */
    public Evaluation evaluate(Dataset data, int batchSize) {
        requireShape(data);
        LossFunction loss = description.loss().equals("reconstruction") ? LossFunction.reconstruction() : LossFunction.crossEntropy();
        // Trainer.evaluate needs a trainer; an optimizer with rate 0 stands in and is never stepped.
        Trainer trainer = Trainer.builder(model, new SGD(model.parameters(), 0), loss)
                .progress(new Progress(Progress.Mode.OFF, System.out, 0)).build();
        try (Backends.Scope scope = Backends.use(backend)) {
            return trainer.evaluate(JobData.evalLoader(data, description.normalize(), batchSize, backend));
        }
    }
}
