package dev.nabla.cpu;

import dev.nabla.tensor.DType;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Released arrays kept by exact dtype and length and handed out again, so a training loop, which
 * allocates the same shapes every step, stops allocating (and zeroing) once warm. Holds at most
 * {@code limit} bytes; beyond that released arrays go to the garbage collector.
 */
final class CpuBufferCache {
    private final Map<Long, ArrayDeque<Object>> free = new HashMap<>();
    private final long limit;
    private long cachedBytes;

    CpuBufferCache(long limit) {
        this.limit = limit;
    }

    /** A buffer with a recycled array when one of this dtype and length is cached, else a new one. */
    synchronized CpuBuffer take(DType dtype, int length) {
        ArrayDeque<Object> arrays = free.get(key(dtype, length));
        Object array = arrays == null ? null : arrays.poll();
        if (array == null) {
            return null;
        }
        cachedBytes -= (long) length * dtype.byteSize();
        return new CpuBuffer(dtype, length, array);
    }

    /** Keeps the released buffer's array for reuse if there is room. */
    synchronized void give(CpuBuffer buffer) {
        long bytes = buffer.length() * buffer.dtype().byteSize();
        if (cachedBytes + bytes > limit) {
            return;
        }
        free.computeIfAbsent(key(buffer.dtype(), (int) buffer.length()), k -> new ArrayDeque<>()).push(buffer.array());
        cachedBytes += bytes;
    }

    synchronized long cachedBytes() {
        return cachedBytes;
    }

    private static Long key(DType dtype, int length) {
        return ((long) length << 2) | dtype.ordinal();
    }
}
