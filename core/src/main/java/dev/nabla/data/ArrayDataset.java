package dev.nabla.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A dataset held in memory: all samples' features in one row-major float array, labels in an int
 * array. The arrays are used as given, not copied (a training set can be hundreds of MB); do not
 * change them while a loader reads them.
 *
 * <pre>{@code
 * float[] xy = {0, 0, 0, 1, 1, 0, 1, 1};
 * Dataset xor = new ArrayDataset(xy, new int[] {2}, new int[] {0, 1, 1, 0});
 * DataLoader loader = DataLoader.builder(xor).batchSize(4).build();
 * }</pre>
 */
public final class ArrayDataset extends LabelledSamples {
    private final float[] features;

    /** An unlabelled dataset of {@code features.length / product(featureShape)} samples. */
    public ArrayDataset(float[] features, int[] featureShape) {
        this(features, featureShape, (Labels) null);
    }

    /** A labelled dataset whose number of classes is the largest label + 1. */
    public ArrayDataset(float[] features, int[] featureShape, int[] labels) {
        this(features, featureShape, labels == null ? null : Labels.inferred(labels));
    }

    /** A labelled dataset with {@code numClasses} classes; every label must lie in {@code [0, numClasses)}. */
    public ArrayDataset(float[] features, int[] featureShape, int[] labels, int numClasses) {
        this(features, featureShape, new Labels(Objects.requireNonNull(labels, "labels"), numClasses, List.of()));
    }

    private ArrayDataset(float[] features, int[] featureShape, Labels labels) {
        super(featureShape, sampleSize(featureShape), samples(features, featureShape), labels);
        this.features = features;
        if (labels != null && labels.values().length != size) {
            throw new IllegalArgumentException("ArrayDataset: " + labels.values().length + " labels for "
                    + size + " samples");
        }
    }

    private static int sampleSize(int[] featureShape) {
        int f = 1;
        for (int s : featureShape) {
            if (s <= 0) {
                throw new IllegalArgumentException("ArrayDataset: feature shape " + Arrays.toString(featureShape)
                        + " has a size below 1");
            }
            f = Math.multiplyExact(f, s);
        }
        return f;
    }

    private static int samples(float[] features, int[] featureShape) {
        int f = sampleSize(featureShape);
        if (Objects.requireNonNull(features, "features").length % f != 0) {
            throw new IllegalArgumentException("ArrayDataset: " + features.length + " values are not a whole number"
                    + " of samples of shape " + Arrays.toString(featureShape) + " (" + f + " values each)");
        }
        return features.length / f;
    }

    /** The same samples and labels with class names (one per class); shares the arrays. */
    public ArrayDataset withClassNames(List<String> names) {
        if (labels == null) {
            throw new IllegalStateException("ArrayDataset: class names need labels");
        }
        return new ArrayDataset(features, featureShape, labels.withClassNames(names));
    }

    /** Copies any dataset into memory (for example a {@link Subset} of a file-backed one). */
    public static ArrayDataset copyOf(Dataset source) {
        int f = source.featureSize();
        float[] all = new float[Math.multiplyExact(source.size(), f)];
        int[] labels = source.hasLabels() ? new int[source.size()] : null;
        for (int i = 0; i < source.size(); i++) {
            source.features(i, all, i * f);
            if (labels != null) {
                labels[i] = source.label(i);
            }
        }
        if (labels == null) {
            return new ArrayDataset(all, source.featureShape());
        }
        OptionalInt k = source.numClasses();
        Labels l = k.isPresent() ? new Labels(labels, k.getAsInt(), source.classNames()) : Labels.inferred(labels);
        return new ArrayDataset(all, source.featureShape(), l);
    }




    @Override
    public void features(int index, float[] dst, int offset) {
        Objects.checkIndex(index, size);
        System.arraycopy(features, index * featureSize, dst, offset, featureSize);
    }





    @Override
    public String toString() {
        return "ArrayDataset[" + size + " x " + Arrays.toString(featureShape)
                + (labels == null ? "" : ", " + labels.numClasses() + " classes") + "]";
    }
}
