package dev.nabla.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Per-channel standardisation {@code x' = (x - mean[c]) / std[c]}, where the channel is the first
 * axis of the sample ({@code C} of {@code [C, H, W]}; for flat samples {@code [F]} each feature is
 * its own channel). {@link #fit} computes the statistics from a training set, so validation and
 * test data are scaled with the training set's numbers.
 *
 * <pre>{@code
 * Normalize norm = Normalize.fit(train);        // Fashion-MNIST: mean 0.2860, std 0.3530
 * DataLoader loader = DataLoader.builder(train).batchSize(64).transforms(norm).build();
 * }</pre>
 */
public final class Normalize implements Transform {
    private final float[] mean;
    private final float[] std;

    /**
     * @param mean per channel (or one value for every channel)
     * @param std  per channel (or one value), all positive
     */
    public Normalize(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalize: " + mean.length + " means and " + std.length + " stds");
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("Normalize: std " + s + " is not a positive number");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Mean and (population) standard deviation of each channel over every sample of {@code data},
     * in double precision. A channel whose values are all equal gets std 1, so it is only centred.
     */
    public static Normalize fit(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("Normalize.fit: the dataset is empty");
        }
        int[] shape = data.featureShape();
        int channels = channels(shape);
        int per = data.featureSize() / channels;
        double[] sum = new double[channels];
        float[] sample = new float[data.featureSize()];
        for (int i = 0; i < data.size(); i++) {
            data.features(i, sample, 0);
            for (int c = 0; c < channels; c++) {
                for (int k = c * per; k < (c + 1) * per; k++) {
                    sum[c] += sample[k];
                }
            }
        }
        double count = (double) data.size() * per;
        double[] m = new double[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = sum[c] / count;
        }
        // A second pass around the mean: sums of squares lose everything when |mean| >> std.
        double[] squares = new double[channels];
        for (int i = 0; i < data.size(); i++) {
            data.features(i, sample, 0);
            for (int c = 0; c < channels; c++) {
                for (int k = c * per; k < (c + 1) * per; k++) {
                    double d = sample[k] - m[c];
                    squares[c] += d * d;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) m[c];
            float s = (float) Math.sqrt(squares[c] / count);
            std[c] = s > 0 ? s : 1;
        }
        return new Normalize(mean, std);
    }

    /** Per-channel means (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviations (a copy). */
    public float[] std() {
        return std.clone();
    }

    @Override
    public void apply(float[] data, int offset, int[] shape, RandomGenerator random) {
        int channels = channels(shape);
        if (mean.length != 1 && mean.length != channels) {
            throw new IllegalArgumentException("Normalize: " + mean.length + " channel statistics for samples of shape "
                    + Arrays.toString(shape) + " (" + channels + " channels)");
        }
        int per = Sizes.numel(shape) / channels;
        for (int c = 0; c < channels; c++) {
            float m = mean[mean.length == 1 ? 0 : c];
            float s = std[std.length == 1 ? 0 : c];
            for (int k = offset + c * per, end = k + per; k < end; k++) {
                data[k] = (data[k] - m) / s;
            }
        }
    }

    private static int channels(int[] shape) {
        return shape.length == 0 ? 1 : shape[0];
    }

    @Override
    public String toString() {
        return "Normalize[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
