package dev.nabla.cli.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nabla.nn.ModelSpec;
import dev.nabla.optim.Schedule;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.Progress;
import java.nio.file.Path;

/**
 * A validated job file: everything {@code nabla train} needs, checked before any work starts
 * ({@link JobParser}). The field reference is in {@code README.md} ("Job files").
 *
 * @param file          the job file
 * @param name          the job's name (default: the file name without extension)
 * @param model         the layers to build (a preset already expanded)
 * @param data          where the data comes from and how it is split and transformed
 * @param loss          {@code cross_entropy} or {@code reconstruction}
 * @param optimizer     optimizer type and hyper-parameters
 * @param schedule      the learning rate per epoch
 * @param gradClip      global gradient-norm clip (0: off)
 * @param epochs        epochs to train
 * @param batchSize     samples per step
 * @param backend       a backend name, or {@code auto}
 * @param seed          seed of initialisation, shuffling, augmentation, dropout and splits
 * @param checkpoint    checkpoint policy
 * @param earlyStopping early stopping, or null
 * @param output        the output folder
 * @param metricsEvery  a metrics line every this many steps (0: epochs only)
 * @param progress      progress display
 * @param search        the {@code search:} section for {@code nabla tune}, or null
 * @param tree          the job as read (after overrides), for summary.json and tune
 */
public record Job(Path file, String name, ModelSpec model, DataSection data, String loss, OptimizerSection optimizer,
                  Schedule schedule, double gradClip, int epochs, int batchSize, String backend, long seed,
                  CheckpointPolicy checkpoint, EarlyStopping earlyStopping, Path output, int metricsEvery,
                  Progress.Mode progress, SearchSpec search, ObjectNode tree) {

    /**
     * When and how many checkpoints are written.
     *
     * @param everySteps a checkpoint every this many optimizer steps (0: only at the end of each epoch)
     * @param keep       the newest this many are kept
     */
    public record CheckpointPolicy(int everySteps, int keep) {
    }
}
