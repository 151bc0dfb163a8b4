package dev.nabla.cli.run;

import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.train.Callback;
import dev.nabla.train.EpochResult;
import dev.nabla.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves a job's checkpoints (every N steps and after each epoch) and its best model (after each
 * epoch whose monitored value improved), on the training thread, so what is saved is exactly the
 * state training would resume from.
 */
final class JobCheckpointer implements Callback {
    private final Checkpoints checkpoints;
    private final Module model;
    private final Optimizer optimizer;
    private final Generator modelGenerator;
    private final int everySteps;
    private final int batchesPerEpoch;
    private final Path bestFile;
    private final String job;
    private final double elapsedBefore;
    private final long started = System.nanoTime();
    private TrainingState lastSaved;
    private Path lastFile;

    JobCheckpointer(Checkpoints checkpoints, Module model, Optimizer optimizer, Generator modelGenerator, int everySteps,
                    int batchesPerEpoch, Path bestFile, String job, double elapsedBefore) {
        this.checkpoints = checkpoints;
        this.model = model;
        this.optimizer = optimizer;
        this.modelGenerator = modelGenerator;
        this.everySteps = everySteps;
        this.batchesPerEpoch = batchesPerEpoch;
        this.bestFile = bestFile;
        this.job = job;
        this.elapsedBefore = elapsedBefore;
    }

    @Override
    public void onStep(TrainingState state, double loss) {
        // At the epoch's last batch the end-of-epoch checkpoint follows at once (after validation).
        if (everySteps > 0 && state.step() % everySteps == 0 && state.batch() < batchesPerEpoch) {
            save(state);
        }
    }

    @Override
    public void onEpochEnd(TrainingState state, EpochResult result) {
        save(state);
        if (state.badEpochs() == 0) {
            try {
                Safetensors.write(bestFile, model.stateDict(), Map.of("epoch", String.valueOf(result.epoch() + 1),
                        "monitored", Double.toString(result.monitored()),
                        "monitored_name", result.validation() != null ? "val_loss" : "loss"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the best model " + bestFile + ": " + e.getMessage(), e);
            }
        }
    }

    /** Notes that training resumes from {@code file}, which holds {@code state} (so it is not written again). */
    void resumedFrom(TrainingState state, Path file) {
        lastSaved = state;
        lastFile = file;
    }

    /** Writes a checkpoint of {@code state} unless that very state was the last one written; returns its file. */
    Path save(TrainingState state) {
        if (state.equals(lastSaved)) {
            return lastFile;
        }
        Generator global = Generator.global();
        CheckpointMeta meta = new CheckpointMeta(state, modelGenerator.seed(), modelGenerator.position(), global.seed(),
                global.position(), elapsedSeconds(), job);
        try {
            lastFile = checkpoints.write(model, optimizer, meta);
            lastSaved = state;
            return lastFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint: " + e.getMessage(), e);
        }
    }

    /** Training time over all runs of the job so far. */
    double elapsedSeconds() {
        return elapsedBefore + (System.nanoTime() - started) / 1e9;
    }
}
