package dev.nabla.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param epochs       per-epoch results, in order (only epochs finished in this call)
 * @param state        where training stands now (resume from here)
 * @param bestEpoch    the epoch with the best monitored value (-1 if none finished)
 * @param stoppedEarly true when early stopping ended training
 * @param interrupted  true when {@link Trainer#requestStop()} ended training mid-way
 */
public record TrainingResult(List<EpochResult> epochs, TrainingState state, int bestEpoch, boolean stoppedEarly,
                             boolean interrupted) {
}
