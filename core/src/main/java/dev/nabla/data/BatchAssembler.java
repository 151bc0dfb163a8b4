package dev.nabla.data;

import java.util.List;
import java.util.SplittableRandom;

/** Builds the host arrays of one batch: reads samples, applies transforms with their random streams. */
final class BatchAssembler {
    private final Dataset dataset;
    private final Transform[] transforms;
    /** Index of the first random transform, where {@code clean} is captured; -1 when none. */
    private final int firstRandom;
    private final long seed;
    private final int batchSize;
    private final int[] featureShape;
    private final int featureSize;

    BatchAssembler(Dataset dataset, List<Transform> transforms, long seed, int batchSize) {
        this.dataset = dataset;
        this.transforms = transforms.toArray(Transform[]::new);
        int first = -1;
        for (int t = this.transforms.length - 1; t >= 0; t--) {
            if (this.transforms[t].isRandom()) {
                first = t;
            }
        }
        this.firstRandom = first;
        this.seed = seed;
        this.batchSize = batchSize;
        this.featureShape = dataset.featureShape();
        this.featureSize = dataset.featureSize();
    }

    boolean hasClean() {
        return firstRandom >= 0;
    }

    int fullLength() {
        return batchSize * featureSize;
    }

    /**
     * Batch {@code batch} of an epoch whose sample order is {@code order}. {@code x} and {@code clean}
     * are reused when they have the batch's exact length, else allocated.
     */
    HostBatch assemble(int epoch, int[] order, int batch, float[] x, float[] clean) {
        int start = batch * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int length = size * featureSize;
        x = x != null && x.length == length ? x : new float[length];
        clean = !hasClean() ? null : clean != null && clean.length == length ? clean : new float[length];
        int[] indices = new int[size];
        long[] labels = dataset.hasLabels() ? new long[size] : null;
        for (int j = 0; j < size; j++) {
            int position = start + j;
            int index = order[position];
            indices[j] = index;
            int offset = j * featureSize;
            dataset.features(index, x, offset);
            if (labels != null) {
                labels[j] = dataset.label(index);
            }
            for (int t = 0; t < transforms.length; t++) {
                if (t == firstRandom) {
                    System.arraycopy(x, offset, clean, offset, featureSize);
                }
                // Each transform of each sample has its own stream: a pure function of where it is.
                SplittableRandom random = new SplittableRandom(Seeds.mix(seed, Seeds.TRANSFORM, epoch, position, t));
                transforms[t].apply(x, offset, featureShape.clone(), random);
            }
        }
        return new HostBatch(batch, indices, x, clean, labels);
    }
}
