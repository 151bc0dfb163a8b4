package dev.nabla.data;

import java.util.random.RandomGenerator;

/**
 * Random shift: pads the image with {@code fill} by {@code padding} on every side and crops it back to
 * its size at a random offset, i.e. moves the content by {@code dy, dx} drawn uniformly from
 * {@code [-padding, padding]} (the classic MNIST/CIFAR augmentation, torchvision's
 * {@code RandomCrop(size, padding)}). Samples are {@code [..., H, W]}; every channel moves alike.
 *
 * <pre>{@code
 * Transform shift = new RandomCrop(2);              // up to 2 pixels in each direction, zero fill
 * DataLoader loader = DataLoader.builder(train).batchSize(64).transforms(shift).seed(7).build();
 * }</pre>
 *
 * <p>Zero is black only before {@link Normalize}: put this first, or pass the normalised zero as {@code fill}.
 *
 * @param padding largest shift in pixels, at least 0
 * @param fill    value of the pixels shifted in
 */
public record RandomCrop(int padding, float fill) implements Transform {

    public RandomCrop {
        if (padding < 0) {
            throw new IllegalArgumentException("RandomCrop: padding " + padding + " is negative");
        }
    }

    /** Pads with zeros. */
    public RandomCrop(int padding) {
        this(padding, 0f);
    }

    @Override
    public void apply(float[] data, int offset, int[] shape, RandomGenerator random) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("RandomCrop: needs samples of shape [..., H, W], got rank "
                    + shape.length);
        }
        int h = shape[shape.length - 2];
        int w = shape[shape.length - 1];
        // Top-left corner of the crop in the padded image, drawn as torchvision does: row, then column.
        int dy = random.nextInt(2 * padding + 1) - padding;
        int dx = random.nextInt(2 * padding + 1) - padding;
        if (dy == 0 && dx == 0) {
            return;
        }
        float[] plane = new float[h * w];
        int planes = Sizes.numel(shape) / (h * w);
        for (int p = 0; p < planes; p++) {
            int base = offset + p * h * w;
            System.arraycopy(data, base, plane, 0, h * w);
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = x + dx;
                    data[base + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? plane[sy * w + sx] : fill;
                }
            }
        }
    }

    @Override
    public boolean isRandom() {
        return padding > 0;
    }
}
