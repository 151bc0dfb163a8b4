package dev.nabla.train;

/**
 * Stops training when the monitored value (validation loss, else training loss) has not improved
 * by at least {@code minDelta} for {@code patience} epochs; optionally restores the best weights.
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {
    public EarlyStopping {
        if (patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping: patience must be >= 1 and min delta >= 0, got "
                    + patience + " and " + minDelta);
        }
    }
}
