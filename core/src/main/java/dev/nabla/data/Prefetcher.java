package dev.nabla.data;

import java.lang.ref.WeakReference;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The background thread of one {@link Epoch}: assembles batches in order into a bounded queue and
 * reuses the host arrays the consumer hands back. It holds its epoch only weakly, so an epoch that
 * is dropped without being closed still lets the thread end.
 */
final class Prefetcher implements Runnable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Object END = new Object();
    private static final long POLL_MS = 100;

    private final WeakReference<Epoch> owner;
    private final BatchAssembler assembler;
    private final int epoch;
    private final int[] order;
    private final int start;
    private final int end;
    private final BlockingQueue<Object> ready;
    private final BlockingQueue<float[]> spare;
    private final Thread thread;
    private volatile boolean stopped;

    private Prefetcher(Epoch owner, BatchAssembler assembler, int epoch, int[] order, int start, int end, int depth) {
        this.owner = new WeakReference<>(owner);
        this.assembler = assembler;
        this.epoch = epoch;
        this.order = order;
        this.start = start;
        this.end = end;
        this.ready = new ArrayBlockingQueue<>(depth);
        // Arrays in flight: the queue, the one being filled, the one being turned into tensors.
        this.spare = new ArrayBlockingQueue<>(2 * (depth + 2));
        this.thread = new Thread(this, "nabla-prefetch-" + THREADS.incrementAndGet() + "-epoch-" + epoch);
        thread.setDaemon(true);
    }

    static Prefetcher start(Epoch owner, BatchAssembler assembler, int epoch, int[] order, int start, int end,
                            int depth) {
        Prefetcher p = new Prefetcher(owner, assembler, epoch, order, start, end, depth);
        p.thread.start();
        return p;
    }

    @Override
    public void run() {
        try {
            for (int b = start; b < end && !stopped; b++) {
                float[] clean = assembler.hasClean() ? spare.poll() : null;
                HostBatch batch = assembler.assemble(epoch, order, b, spare.poll(), clean);
                if (!put(batch)) {
                    return;
                }
            }
            if (!stopped) {
                put(END);
            }
        } catch (Throwable t) {
            try {
                put(t);
            } catch (InterruptedException ignored) {
                // nobody will take it
            }
        }
    }

    /** Offers {@code item}, giving up when stopped or when the epoch was garbage-collected unclosed. */
    private boolean put(Object item) throws InterruptedException {
        while (!ready.offer(item, POLL_MS, TimeUnit.MILLISECONDS)) {
            if (stopped || owner.get() == null) {
                return false;
            }
        }
        return true;
    }

    /** Waits for batch {@code index}; rethrows what the thread failed with. */
    HostBatch take(int index) {
        try {
            while (true) {
                Object item = ready.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (item instanceof HostBatch batch) {
                    return batch;
                }
                if (item instanceof RuntimeException e) {
                    throw e;
                }
                if (item instanceof Error e) {
                    throw e;
                }
                if (item instanceof Throwable t) {
                    throw new IllegalStateException("prefetch of batch " + index + " failed: " + t, t);
                }
                if (item == END || (item == null && !thread.isAlive() && ready.isEmpty())) {
                    throw new IllegalStateException("prefetch thread " + thread.getName() + " ended before batch "
                            + index);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for batch " + index + " of epoch " + epoch);
        }
    }

    /** Hands a batch's full-size arrays back for reuse once they have been copied into tensors. */
    void recycle(HostBatch batch) {
        if (batch.x().length == assembler.fullLength()) {
            spare.offer(batch.x());
            if (batch.clean() != null) {
                spare.offer(batch.clean());
            }
        }
    }

    /**
     * Stops the thread and waits for it to end, which takes at most the batch it is assembling. The
     * thread is not interrupted: an interrupt would close any NIO channel a dataset reads from.
     */
    void stop() {
        stopped = true;
        ready.clear(); // wakes a thread waiting to offer; it then sees stopped
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        ready.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    Thread thread() {
        return thread;
    }
}
