package dev.nabla.train;

/**
 * Metrics of a model over a data set.
 *
 * @param loss      mean loss per sample
 * @param samples   number of samples
 * @param confusion class counts, or null when the data has no labels
 */
public record Evaluation(double loss, long samples, ConfusionMatrix confusion) {
    /** Accuracy, or NaN without labels. */
    public double accuracy() {
        return confusion == null ? Double.NaN : confusion.accuracy();
    }

    @Override
    public String toString() {
        return String.format("loss %.4f%s over %d samples", loss,
                confusion == null ? "" : String.format(", accuracy %.2f%%", 100 * accuracy()), samples);
    }
}
