package dev.nabla.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of worker threads that run the parts of one call: part {@code p} always goes to
 * worker {@code p} (the caller runs part 0), and callers split work by part index only, so results
 * never depend on thread timing. Workers spin briefly between calls (back-to-back kernels are the
 * common case), then yield, then park: on a machine shared with other processes a waiting thread
 * must give its core to the thread it waits for soon, or one parallel call can cost a whole
 * scheduler time slice. A call made while the pool is busy (another thread, or a nested call
 * from inside a part) runs its parts one after another on the caller.
 */
final class CpuThreads {
    /** One part of a parallel call. */
    interface Part {
        void run(int part);
    }

    private static final int SPINS = 256;
    private static final int YIELDS = 64;

    private final int size;
    private final Thread[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile Part job;
    private volatile int parts;
    private volatile Thread caller;
    private volatile Throwable failure;

    CpuThreads(int size) {
        this.size = Math.max(1, size);
        workers = new Thread[this.size - 1];
        for (int w = 0; w < workers.length; w++) {
            int index = w + 1;
            workers[w] = new Thread(() -> work(index), "nabla-cpu-" + index);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    /** Number of threads, the caller included. */
    int size() {
        return size;
    }

    /** Runs {@code part.run(p)} for every {@code p < count} ({@code count <= size()}) and waits for all. */
    void run(int count, Part part) {
        if (count <= 1 || count > size || lock.isHeldByCurrentThread() || !lock.tryLock()) {
            for (int p = 0; p < count; p++) {
                part.run(p);
            }
            return;
        }
        try {
            job = part;
            parts = count;
            failure = null;
            caller = Thread.currentThread();
            pending.set(count - 1);
            generation++;
            for (int w = 1; w < count; w++) {
                LockSupport.unpark(workers[w - 1]);
            }
            Throwable own = null;
            try {
                part.run(0);
            } catch (Throwable t) {
                own = t;
            }
            for (int spin = 0; pending.get() != 0; spin++) {
                pause(spin);
            }
            Throwable t = own != null ? own : failure;
            job = null;
            if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            int g;
            for (int spin = 0; (g = generation) == seen; spin++) {
                pause(spin);
            }
            seen = g;
            if (index >= parts) {
                continue;
            }
            try {
                job.run(index);
            } catch (Throwable t) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    private void pause(int spin) {
        if (spin < SPINS) {
            Thread.onSpinWait();
        } else if (spin < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.park(this);
        }
    }

    /** Start of part {@code p} when {@code total} items are split into {@code count} parts aligned to {@code grain}. */
    static int split(int total, int count, int p, int grain) {
        long units = (total + (long) grain - 1) / grain;
        long start = units * p / count * grain;
        return (int) Math.min(total, start);
    }
}
