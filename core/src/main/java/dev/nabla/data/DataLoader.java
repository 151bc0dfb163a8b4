package dev.nabla.data;

import dev.nabla.backend.Backend;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Turns a {@link Dataset} into batches: seeded shuffling, drop-last, per-sample {@link Transform}s and a
 * background thread that assembles the next batches' host arrays while the current step runs. The
 * tensors themselves are created on the iterating thread (so they join its
 * {@link dev.nabla.tensor.MemoryScope}), on the configured backend or else the thread's current one.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(42).build();
 * for (int e = 0; e < 5; e++) {
 *     try (Epoch batches = loader.epoch(e)) { for (Batch b : batches) { try (b) { step(b.x(), b.labels()); } } }
 * }
 * }</pre>
 *
 * <p>Determinism and resuming: the sample order of epoch {@code e} is a pure function of
 * {@code (seed, e)} ({@link #order(int)}; the identity without shuffling), and each random transform
 * of the sample at position {@code p} of the epoch draws from a stream that depends only on
 * {@code (seed, e, p, transform index)}. So {@code loader.epoch(e, k)} yields exactly batches
 * {@code k, k+1, ...} of {@code loader.epoch(e)}, whatever ran before, and prefetching changes nothing.
 */
public final class DataLoader {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final List<Transform> transforms;
    private final Backend backend;
    private final int prefetch;
    private final BatchAssembler assembler;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.transforms = List.copyOf(b.transforms);
        this.backend = b.backend;
        this.prefetch = b.prefetch;
        this.assembler = new BatchAssembler(dataset, transforms, seed, batchSize);
    }

    /** A builder for a loader over {@code dataset}: batch size 32, no shuffling, seed 0, prefetch 2. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** Batches per epoch: {@code size / batchSize}, rounded up unless dropping the last partial batch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The dataset indices of epoch {@code epoch} in the order the loader visits them: a Fisher-Yates
     * shuffle seeded with a hash of {@code (seed, epoch)} when shuffling, else {@code 0 .. size-1}.
     * With drop-last, the final {@code size % batchSize} of them are not visited.
     */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader: epoch " + epoch + " is negative");
        }
        if (!shuffle) {
            int[] identity = new int[dataset.size()];
            Arrays.setAll(identity, i -> i);
            return identity;
        }
        return Splits.permutation(dataset.size(), new SplittableRandom(Seeds.mix(seed, Seeds.SHUFFLE, epoch)));
    }

    /** All batches of epoch {@code epoch}; close it (try-with-resources) to stop the prefetch thread early. */
    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * Batches {@code startBatch .. numBatches()-1} of epoch {@code epoch}, identical to those of a full
     * pass: the way to resume an epoch from a checkpoint.
     *
     * @param startBatch in {@code [0, numBatches()]} ({@code numBatches()} gives an empty epoch)
     */
    public Epoch epoch(int epoch, int startBatch) {
        int n = numBatches();
        if (startBatch < 0 || startBatch > n) {
            throw new IllegalArgumentException("DataLoader: start batch " + startBatch + " is outside [0, " + n + "]");
        }
        return new Epoch(this, epoch, order(epoch), startBatch, n);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public boolean dropLast() {
        return dropLast;
    }

    public long seed() {
        return seed;
    }

    public List<Transform> transforms() {
        return transforms;
    }

    /** The backend batches are created on, or null for the iterating thread's current backend. */
    public Backend backend() {
        return backend;
    }

    /** How many batches the background thread may have ready; 0 assembles each batch on demand. */
    public int prefetch() {
        return prefetch;
    }

    BatchAssembler assembler() {
        return assembler;
    }

    @Override
    public String toString() {
        return "DataLoader[" + dataset + ", batch " + batchSize + (shuffle ? ", shuffled, seed " + seed : "")
                + (dropLast ? ", drop last" : "") + ", " + transforms.size() + " transforms]";
    }

    /** Configures a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 32;
        private boolean shuffle;
        private boolean dropLast;
        private long seed;
        private List<Transform> transforms = List.of();
        private Backend backend;
        private int prefetch = 2;

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        /** Samples per batch (at least 1); 32 by default. */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("DataLoader: batch size " + size + " is below 1");
            }
            this.batchSize = size;
            return this;
        }

        /** Visit the samples in a new seeded order each epoch; off by default. */
        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        /** Skip the last batch when it would be smaller than the batch size; off by default. */
        public Builder dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        /** The seed of the shuffling and of the random transforms; 0 by default. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Transforms applied to each sample, in order (replaces earlier ones). */
        public Builder transforms(Transform... list) {
            return transforms(Arrays.asList(list));
        }

        /** Transforms applied to each sample, in order (replaces earlier ones). */
        public Builder transforms(List<Transform> list) {
            for (Transform t : list) {
                Objects.requireNonNull(t, "transform");
            }
            this.transforms = List.copyOf(list);
            return this;
        }

        /** Where the batch tensors live; by default the iterating thread's current backend. */
        public Builder backend(Backend target) {
            this.backend = target;
            return this;
        }

        /** Batches the background thread may prepare ahead (2 by default); 0 for no thread. */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("DataLoader: prefetch " + batches + " is negative");
            }
            this.prefetch = batches;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
