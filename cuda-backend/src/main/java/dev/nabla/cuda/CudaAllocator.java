package dev.nabla.cuda;

import dev.nabla.backend.MemoryStats;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching device allocator over a {@link Memory} (cuMemAlloc/cuMemFree on a device, a fake in tests).
 * Requests round up to a size class (powers of two from 512 bytes up to 1 MiB, then multiples of 2 MiB)
 * and a released block waits in its class for the next request of that class, so a training loop
 * stops calling the driver after its first step. When the device is out of memory the cache is
 * returned to the driver and the allocation retried once. {@link #stats()} counts the bytes callers
 * asked for as in use (as the reference backend does) and whole blocks as cached.
 *
 * <p>Reusing a block while kernels that used it are still queued is safe: every kernel, copy and
 * cuBLAS call runs on one stream, so the next user of the memory runs after them.
 *
 * @param <P> a device pointer
 */
final class CudaAllocator<P> {
    static final long MIN_CLASS = 512;
    static final long MIB = 1 << 20;

    /** Device memory: blocks of whole size classes. */
    interface Memory<P> {
        /** A new block of {@code bytes}, or null when the device is out of memory. */
        P allocate(long bytes);

        void free(P block);
    }

    private final Memory<P> memory;
    private final Map<Long, ArrayDeque<P>> cache = new HashMap<>();
    private long inUse;
    private long cached;
    private long peak;
    private long live;

    CudaAllocator(Memory<P> memory) {
        this.memory = memory;
    }

    /** The bytes reserved for a request of {@code bytes}. */
    static long sizeClass(long bytes) {
        if (bytes <= MIN_CLASS) {
            return MIN_CLASS;
        }
        if (bytes <= MIB) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        return (bytes + 2 * MIB - 1) / (2 * MIB) * (2 * MIB);
    }

    /**
     * A block of at least {@code bytes} for a buffer of {@code bytes}; null when the device is out of
     * memory even after the cache was emptied.
     */
    synchronized P acquire(long bytes) {
        long size = sizeClass(bytes);
        ArrayDeque<P> free = cache.get(size);
        P block = free == null ? null : free.poll();
        if (block != null) {
            cached -= size;
        } else {
            block = memory.allocate(size);
            if (block == null) {
                trim();
                block = memory.allocate(size);
                if (block == null) {
                    return null;
                }
            }
        }
        inUse += bytes;
        live++;
        peak = Math.max(peak, inUse);
        return block;
    }

    /** Returns the block of a buffer of {@code bytes} to the cache. */
    synchronized void release(P block, long bytes) {
        inUse -= bytes;
        live--;
        long size = sizeClass(bytes);
        cache.computeIfAbsent(size, k -> new ArrayDeque<>()).push(block);
        cached += size;
    }

    /** Returns every cached block to the device. */
    synchronized void trim() {
        for (ArrayDeque<P> free : cache.values()) {
            for (P block : free) {
                memory.free(block);
            }
        }
        cache.clear();
        cached = 0;
    }

    synchronized MemoryStats stats() {
        return new MemoryStats(inUse, cached, peak, live);
    }
}
