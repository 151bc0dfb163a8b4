package dev.nabla.backend;


/** Thread-safe counters of bytes and buffers in use, for backends without a caching allocator. */
public final class MemoryAccounting {
    private long inUse;
    private long peak;
    private long live;

    /** Records an allocation of {@code bytes}. */
    public synchronized void allocated(long bytes) {
        inUse += bytes;
        live++;
        peak = Math.max(peak, inUse);
    }

    /** Records a release of {@code bytes}. */
    public synchronized void released(long bytes) {
        inUse -= bytes;
        live--;
    }

    /** The current counters. */
    public synchronized MemoryStats stats() {
        return new MemoryStats(inUse, 0, peak, live);
    }
}
