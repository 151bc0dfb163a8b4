package dev.nabla.data;

import java.util.List;
import java.util.OptionalInt;

/**
 * A fixed-size, random-access collection of samples: each sample is a float32 array of
 * {@link #featureShape()} (e.g. {@code [1, 28, 28]} for a grey image), optionally with an integer
 * class label. Implementations must allow concurrent reads: the {@link DataLoader} reads samples on
 * its prefetch thread.
 *
 * <pre>{@code
 * Dataset train = IdxReader.dataset(imagesPath, labelsPath);
 * float[] first = train.features(0);          // 784 values in [0, 1]
 * int label = train.label(0);                  // 0..9
 * }</pre>
 */
public interface Dataset {

    /** Number of samples. */
    int size();

    /** The shape of one sample (a copy), e.g. {@code [1, 28, 28]} or {@code [4]}. */
    int[] featureShape();

    /** Number of float values in one sample: the product of {@link #featureShape()}. */
    default int featureSize() {
        int n = 1;
        for (int s : featureShape()) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /**
     * Copies sample {@code index}'s features, row-major, into {@code dst[offset .. offset + featureSize())}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    void features(int index, float[] dst, int offset);

    /** Sample {@code index}'s features in a new array. */
    default float[] features(int index) {
        float[] out = new float[featureSize()];
        features(index, out, 0);
        return out;
    }

    /** True when every sample has a class label. */
    default boolean hasLabels() {
        return false;
    }

    /**
     * Sample {@code index}'s class label, in {@code [0, numClasses())} when the number is known.
     *
     * @throws UnsupportedOperationException if the dataset has no labels
     */
    default int label(int index) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no labels");
    }

    /** The number of classes, where known (for read files: the largest label + 1 or the class names). */
    default OptionalInt numClasses() {
        return OptionalInt.empty();
    }

    /** The names of the classes by label ({@code "T-shirt/top"} for 0), or an empty list if unknown. */
    default List<String> classNames() {
        return List.of();
    }

    /** A view of the samples at {@code indices}, in that order (see {@link Subset}). */
    default Dataset subset(int... indices) {
        return new Subset(this, indices);
    }
}
