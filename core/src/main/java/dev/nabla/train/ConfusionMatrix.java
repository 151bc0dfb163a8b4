package dev.nabla.train;

import java.util.Arrays;

/** Counts of (true class, predicted class) pairs, with accuracy and per-class accuracy (recall). */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        counts = new long[classes][classes];
    }

    /** Adds a batch of true labels and predictions. */
    public void add(long[] labels, long[] predictions) {
        for (int i = 0; i < labels.length; i++) {
            int truth = (int) labels[i];
            int predicted = (int) predictions[i];
            if (truth < 0 || truth >= counts.length || predicted < 0 || predicted >= counts.length) {
                throw new IllegalArgumentException("confusion matrix: label " + truth + " or prediction " + predicted
                        + " is outside [0, " + counts.length + ")");
            }
            counts[truth][predicted]++;
        }
    }

    /** Number of classes. */
    public int classes() {
        return counts.length;
    }

    /** A copy of the counts, rows = true class. */
    public long[][] counts() {
        return Arrays.stream(counts).map(long[]::clone).toArray(long[][]::new);
    }

    /** Samples counted. */
    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    /** Fraction predicted correctly (NaN before any sample). */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return (double) correct / total();
    }

    /** Per class: the fraction of its samples predicted correctly (NaN for a class never seen). */
    public double[] perClassAccuracy() {
        double[] out = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            out[c] = (double) counts[c][c] / Arrays.stream(counts[c]).sum();
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("true\\pred");
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format("%7d", c));
        }
        for (int r = 0; r < counts.length; r++) {
            sb.append(String.format("%n%9d", r));
            for (long v : counts[r]) {
                sb.append(String.format("%7d", v));
            }
        }
        return sb.toString();
    }
}
