package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.TensorFactory;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * The batches of one epoch of a {@link DataLoader}, from a start batch to the end. Iterate it once
 * (it is its own iterator) and close it: closing stops the prefetch thread even when the loop
 * ends early; it also closes itself after the last batch.
 *
 * <pre>{@code
 * try (Epoch batches = loader.epoch(3, resumeAt)) {
 *     for (Batch b : batches) { try (b) { ...; if (stop) break; } }
 * }   // the prefetch thread has ended here
 * }</pre>
 *
 * <p>Not thread-safe: one thread iterates. Errors thrown while assembling a batch on the prefetch
 * thread (a corrupt file, a failing transform) are rethrown by {@link #next()} for that batch.
 */
public final class Epoch implements Iterable<Batch>, Iterator<Batch>, AutoCloseable {
    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int end;
    private final Prefetcher prefetcher;
    private final int[] featureShape;
    private int next;
    private boolean iterated;
    private boolean closed;

    Epoch(DataLoader loader, int epoch, int[] order, int start, int end) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.next = start;
        this.end = end;
        this.featureShape = loader.dataset().featureShape();
        this.prefetcher = loader.prefetch() > 0 && start < end
                ? Prefetcher.start(this, loader.assembler(), epoch, order, start, end, loader.prefetch())
                : null;
    }

    /** The epoch number. */
    public int epoch() {
        return epoch;
    }

    /** The index (in the epoch) of the batch {@link #next()} returns next: the position to checkpoint. */
    public int nextBatch() {
        return next;
    }

    /** Batches in the whole epoch. */
    public int numBatches() {
        return end;
    }

    /** This epoch, for a for-each loop; can be called once. */
    @Override
    public Iterator<Batch> iterator() {
        if (iterated) {
            throw new IllegalStateException("Epoch " + epoch + " can be iterated once; ask the loader for it again");
        }
        iterated = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        return !closed && next < end;
    }

    /**
     * The next batch, as tensors created now on this thread.
     *
     * @throws CancellationException if this thread is interrupted while waiting for the prefetch thread
     */
    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed && next < end
                    ? "Epoch " + epoch + " was closed at batch " + next : "Epoch " + epoch + " has no batch " + next);
        }
        HostBatch host;
        try {
            host = prefetcher != null
                    ? prefetcher.take(next)
                    : loader.assembler().assemble(epoch, order, next, null, null);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        Batch batch = toTensors(host);
        if (prefetcher != null) {
            prefetcher.recycle(host);
        }
        next++;
        if (next == end) {
            close();
        }
        return batch;
    }

    private Batch toTensors(HostBatch host) {
        TensorFactory f = loader.backend() != null ? Tensor.on(loader.backend()) : TensorFactory.current();
        int b = host.indices().length;
        int[] shape = new int[featureShape.length + 1];
        shape[0] = b;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        Tensor x = f.of(host.x(), shape);
        Tensor clean = x;
        Tensor labels = null;
        try {
            clean = host.clean() == null ? x : f.of(host.clean(), shape);
            labels = host.labels() == null ? null : f.of(host.labels(), b);
        } catch (RuntimeException | Error e) {
            x.close();
            if (clean != x) {
                clean.close();
            }
            throw e;
        }
        return new Batch(x, labels, clean, host.index(), host.indices());
    }

    /** Stops the prefetch thread (waiting for it to end) and drops any batches it prepared. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (prefetcher != null) {
            prefetcher.stop();
        }
    }

    /** The prefetch thread, or null (tests check that it ends). */
    Thread thread() {
        return prefetcher == null ? null : prefetcher.thread();
    }

    @Override
    public String toString() {
        return "Epoch[" + epoch + ", batch " + next + " of " + end + (closed ? ", closed" : "") + "]";
    }
}
