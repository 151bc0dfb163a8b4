package dev.nabla.train;

/**
 * Where training stands: enough to resume exactly (with the model, optimizer and generator state
 * saved beside it).
 *
 * @param epoch       the epoch in progress (0-based)
 * @param batch       the next batch of that epoch
 * @param step        optimizer steps taken so far
 * @param lossSum     sum of per-sample training loss in this epoch so far
 * @param correct     correctly classified training samples in this epoch so far
 * @param seen        training samples in this epoch so far
 * @param best        best monitored value so far (+inf before the first epoch)
 * @param badEpochs   epochs since the best one improved by at least the early-stopping delta
 */
public record TrainingState(int epoch, int batch, long step, double lossSum, long correct, long seen, double best,
                            int badEpochs) {
    /** The state before any training. */
    public static TrainingState start() {
        return new TrainingState(0, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, 0);
    }
}
