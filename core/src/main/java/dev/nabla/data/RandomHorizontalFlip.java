package dev.nabla.data;

import java.util.random.RandomGenerator;

/**
 * Mirrors a sample left-right (reverses its last axis, {@code W} of {@code [C, H, W]}) with
 * probability {@code p}, as torchvision's {@code RandomHorizontalFlip}.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(128)
 *         .transforms(new RandomHorizontalFlip(0.5), new RandomCrop(4)).seed(1).build();
 * }</pre>
 *
 * @param p probability of flipping, in [0, 1]
 */
public record RandomHorizontalFlip(double p) implements Transform {

    public RandomHorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p = " + p + " is not in [0, 1]");
        }
    }

    /** Flips half of the samples. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    @Override
    public void apply(float[] data, int offset, int[] shape, RandomGenerator random) {
        if (shape.length == 0 || random.nextDouble() >= p) {
            return;
        }
        int w = shape[shape.length - 1];
        int rows = Sizes.numel(shape) / w;
        for (int r = 0; r < rows; r++) {
            for (int a = offset + r * w, b = a + w - 1; a < b; a++, b--) {
                float t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }

    @Override
    public boolean isRandom() {
        return true;
    }
}
