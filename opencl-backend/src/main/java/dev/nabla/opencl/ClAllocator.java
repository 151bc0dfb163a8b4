package dev.nabla.opencl;

import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_OUT_OF_RESOURCES;
import static org.jocl.CL.CL_SUCCESS;

import dev.nabla.backend.MemoryStats;
import dev.nabla.tensor.DType;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * A caching device allocator. Requests round up to a size class (powers of two up to 1 MiB, then
 * multiples of 1 MiB) and a released buffer's memory waits in its class for the next request of the
 * same class, so a training loop stops calling {@code clCreateBuffer} after its first step. When the
 * device runs out of memory the cache is emptied and the allocation retried once.
 * {@link #stats()} counts the bytes callers asked for as in use (as the reference backend does) and
 * whole size classes as cached. Freeing while kernels still use the memory is safe: the queue is in order, so a later user of
 * the same memory runs after them.
 */
final class ClAllocator {
    private static final long MIN_CLASS = 256;
    private static final long MIB = 1 << 20;

    private final ClDevice device;
    private final Map<Long, ArrayDeque<cl_mem>> cache = new HashMap<>();
    private long inUse;
    private long cached;
    private long peak;
    private long live;

    ClAllocator(ClDevice device) {
        this.device = device;
    }

    /** The bytes actually reserved for a request of {@code bytes}. */
    static long sizeClass(long bytes) {
        if (bytes <= MIN_CLASS) {
            return MIN_CLASS;
        }
        return bytes <= MIB ? Long.highestOneBit(bytes - 1) << 1 : (bytes + MIB - 1) / MIB * MIB;
    }

    synchronized ClBuffer allocate(DType dtype, long length) {
        long size = sizeClass(length * dtype.byteSize());
        ArrayDeque<cl_mem> free = cache.get(size);
        cl_mem mem = free == null ? null : free.poll();
        if (mem != null) {
            cached -= size;
        } else {
            mem = create(size, dtype, length);
        }
        inUse += length * dtype.byteSize();
        live++;
        peak = Math.max(peak, inUse);
        return new ClBuffer(mem, size, dtype, length);
    }

    synchronized void release(ClBuffer buffer) {
        buffer.markReleased();
        inUse -= buffer.length() * buffer.dtype().byteSize();
        live--;
        cache.computeIfAbsent(buffer.capacity, k -> new ArrayDeque<>()).push(buffer.mem);
        cached += buffer.capacity;
    }

    /** Returns every cached allocation to the driver. */
    synchronized void trim() {
        for (ArrayDeque<cl_mem> free : cache.values()) {
            for (cl_mem mem : free) {
                CL.clReleaseMemObject(mem);
            }
        }
        cache.clear();
        cached = 0;
    }

    synchronized MemoryStats stats() {
        return new MemoryStats(inUse, cached, peak, live);
    }

    private cl_mem create(long size, DType dtype, long length) {
        int[] err = new int[1];
        cl_mem mem = CL.clCreateBuffer(device.context(), CL_MEM_READ_WRITE, size, null, err);
        if (err[0] == CL_MEM_OBJECT_ALLOCATION_FAILURE || err[0] == CL_OUT_OF_RESOURCES) {
            trim();
            mem = CL.clCreateBuffer(device.context(), CL_MEM_READ_WRITE, size, null, err);
        }
        if (err[0] != CL_SUCCESS) {
            throw new ClException("clCreateBuffer", err[0], "allocate", length + " elements of " + dtype.shortName()
                    + " (" + size + " bytes; " + inUse + " bytes in use, device has " + device.globalMemory + ")");
        }
        return mem;
    }
}
