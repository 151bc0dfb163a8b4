package dev.nabla.data;

import java.util.List;
import java.util.OptionalInt;

/**
 * A view of another dataset through an index array: sample {@code i} of the subset is sample
 * {@code indices[i]} of the source. Nothing is copied; indices may repeat.
 *
 * <pre>{@code
 * Dataset first5000 = new Subset(train, IntStream.range(0, 5000).toArray());
 * List<Dataset> parts = Splits.split(train, new double[] {0.9, 0.1}, 42);  // Subsets too
 * }</pre>
 */
public final class Subset implements Dataset {
    private final Dataset source;
    private final int[] indices;

    /**
     * @param source  the dataset viewed
     * @param indices indices into {@code source} (copied)
     * @throws IndexOutOfBoundsException naming the first index outside {@code [0, source.size())}
     */
    public Subset(Dataset source, int[] indices) {
        int n = source.size();
        int[] own = indices.clone();
        for (int i = 0; i < own.length; i++) {
            if (own[i] < 0 || own[i] >= n) {
                throw new IndexOutOfBoundsException("Subset: index " + own[i] + " at position " + i
                        + " is outside the source's " + n + " samples");
            }
        }
        // A subset of a subset views the original, so long chains cost one lookup.
        if (source instanceof Subset inner) {
            for (int i = 0; i < own.length; i++) {
                own[i] = inner.indices[own[i]];
            }
            source = inner.source;
        }
        this.source = source;
        this.indices = own;
    }

    /** The dataset this subset views (never itself a {@code Subset}). */
    public Dataset source() {
        return source;
    }

    /** The source indices, in order (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int[] featureShape() {
        return source.featureShape();
    }

    @Override
    public int featureSize() {
        return source.featureSize();
    }

    @Override
    public void features(int index, float[] dst, int offset) {
        source.features(indices[index], dst, offset);
    }

    @Override
    public boolean hasLabels() {
        return source.hasLabels();
    }

    @Override
    public int label(int index) {
        return source.label(indices[index]);
    }

    @Override
    public OptionalInt numClasses() {
        return source.numClasses();
    }

    @Override
    public List<String> classNames() {
        return source.classNames();
    }

    @Override
    public String toString() {
        return "Subset[" + indices.length + " of " + source + "]";
    }
}
