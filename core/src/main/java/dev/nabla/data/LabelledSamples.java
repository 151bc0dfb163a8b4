package dev.nabla.data;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** What every in-memory dataset shares: sample count and shape, and optional labels with class names. */
abstract class LabelledSamples implements Dataset {
    protected final int[] featureShape;
    protected final int featureSize;
    protected final int size;
    protected final Labels labels;

    LabelledSamples(int[] featureShape, int featureSize, int size, Labels labels) {
        this.featureShape = featureShape.clone();
        this.featureSize = featureSize;
        this.size = size;
        this.labels = labels;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int[] featureShape() {
        return featureShape.clone();
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public int label(int index) {
        if (labels == null) {
            return Dataset.super.label(index);
        }
        return labels.values()[Objects.checkIndex(index, size)];
    }

    @Override
    public OptionalInt numClasses() {
        return labels == null ? OptionalInt.empty() : labels.count();
    }

    @Override
    public List<String> classNames() {
        return labels == null ? List.of() : labels.classNames();
    }
}
