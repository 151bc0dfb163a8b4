package dev.nabla.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** Images kept as unsigned bytes (a quarter of the memory of floats), read as {@code byte / 255} in [0, 1]. */
final class ByteImageDataset extends LabelledSamples {
    private final byte[] pixels;
    private final String source;

    ByteImageDataset(byte[] pixels, int[] featureShape, Labels labels, String source) {
        super(featureShape, Math.multiplyExact(Math.multiplyExact(featureShape[0], featureShape[1]), featureShape[2]),
                pixels.length / (featureShape[0] * featureShape[1] * featureShape[2]), labels);
        this.pixels = pixels;
        this.source = source;
    }

    ByteImageDataset withLabels(Labels newLabels, String newSource) {
        return new ByteImageDataset(pixels, featureShape, newLabels, newSource);
    }

    Labels labels() {
        return labels;
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
    public String toString() {
        return "IdxDataset[" + size + " x " + Arrays.toString(featureShape) + ", " + source + "]";
    }
}
