package dev.nabla.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** Images kept as unsigned bytes (a quarter of the memory of floats), read as {@code byte / 255} in [0, 1]. */
final class ByteImageDataset implements Dataset {
    private final byte[] pixels;
    private final int[] featureShape;
    private final int featureSize;
    private final int size;
    private final Labels labels;
    private final String source;

    ByteImageDataset(byte[] pixels, int[] featureShape, Labels labels, String source) {
        this.pixels = pixels;
        this.featureShape = featureShape.clone();
        this.featureSize = Math.multiplyExact(Math.multiplyExact(featureShape[0], featureShape[1]), featureShape[2]);
        this.size = pixels.length / featureSize;
        this.labels = labels;
        this.source = source;
    }

    ByteImageDataset withLabels(Labels newLabels, String newSource) {
        return new ByteImageDataset(pixels, featureShape, newLabels, newSource);
    }

    Labels labels() {
        return labels;
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
    public void features(int index, float[] dst, int offset) {
        int base = Objects.checkIndex(index, size) * featureSize;
        for (int k = 0; k < featureSize; k++) {
            // Division, not multiplication by 1/255, so values equal torchvision's ToTensor exactly.
            dst[offset + k] = (pixels[base + k] & 0xFF) / 255f;
        }
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

    @Override
    public String toString() {
        return "IdxDataset[" + size + " x " + Arrays.toString(featureShape) + ", " + source + "]";
    }
}
