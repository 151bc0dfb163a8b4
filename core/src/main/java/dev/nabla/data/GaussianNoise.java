package dev.nabla.data;

import java.util.random.RandomGenerator;

/**
 * Adds independent normal noise of standard deviation {@code std} to every value, then clamps to
 * {@code [min, max]}: the corruption of a denoising autoencoder, whose target is the batch's
 * {@link Batch#clean() clean} tensor.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(64)
 *         .transforms(new GaussianNoise(0.3, 0, 1)).build();   // train on (b.x(), b.clean())
 * }</pre>
 *
 * @param std standard deviation, at least 0
 * @param min lower clamp (negative infinity for none)
 * @param max upper clamp (positive infinity for none)
 */
public record GaussianNoise(double std, double min, double max) implements Transform {

    public GaussianNoise {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("GaussianNoise: std " + std + " is not a finite number >= 0");
        }
        if (!(min <= max)) {
            throw new IllegalArgumentException("GaussianNoise: clamp range [" + min + ", " + max + "] is empty");
        }
    }

    /** Noise without clamping. */
    public GaussianNoise(double std) {
        this(std, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Override
    public void apply(float[] data, int offset, int[] shape, RandomGenerator random) {
        for (int k = offset, end = offset + Sizes.numel(shape); k < end; k++) {
            double v = data[k] + std * random.nextGaussian();
            data[k] = (float) Math.min(max, Math.max(min, v));
        }
    }

    @Override
    public boolean isRandom() {
        return std > 0;
    }
}
