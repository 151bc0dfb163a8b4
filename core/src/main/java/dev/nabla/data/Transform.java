package dev.nabla.data;

import java.util.random.RandomGenerator;

/**
 * Changes one sample in place on the host: {@code data[offset .. offset + numel(shape))} holds the
 * sample, row-major, with the dataset's {@link Dataset#featureShape() feature shape}. A transform
 * keeps the shape; it runs on the loader's prefetch thread, so it must not keep mutable state.
 *
 * <p>{@code random} is the only randomness a transform may use. The {@link DataLoader} gives each
 * transform of each sample its own stream, derived from (seed, epoch, position in the epoch, index
 * of the transform), so augmentation is reproducible and a resumed epoch sees the same samples.
 * Transforms that use it return true from {@link #isRandom()}: the batch's {@code clean} tensor
 * holds the samples as they were before the first random transform.
 *
 * <pre>{@code
 * Transform invert = (data, offset, shape, random) -> {
 *     for (int i = 0; i < 784; i++) data[offset + i] = 1 - data[offset + i];
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Transform {

    /** Transforms the sample at {@code data[offset ...]} of shape {@code shape} in place. */
    void apply(float[] data, int offset, int[] shape, RandomGenerator random);

    /** True when the result depends on {@code random} (augmentation, noise); false by default. */
    default boolean isRandom() {
        return false;
    }
}
