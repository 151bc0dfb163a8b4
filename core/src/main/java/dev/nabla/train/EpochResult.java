package dev.nabla.train;

/**
 * What one epoch produced.
 *
 * @param epoch          0-based epoch number
 * @param trainLoss      mean training loss over the epoch's samples
 * @param trainAccuracy  training accuracy (NaN without labels)
 * @param validation     validation metrics, or null without validation data
 * @param learningRate   the rate used
 * @param seconds        wall time of the epoch (training and validation)
 * @param samplesPerSecond training throughput
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, Evaluation validation, double learningRate,
                          double seconds, double samplesPerSecond) {
    /** The monitored value for early stopping: validation loss when there is validation data, else training loss. */
    public double monitored() {
        return validation != null ? validation.loss() : trainLoss;
    }
}
