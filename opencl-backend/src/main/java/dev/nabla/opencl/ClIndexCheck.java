package dev.nabla.opencl;

import dev.nabla.tensor.DType;
import org.jocl.CL;
import org.jocl.Pointer;

/**
 * The record in which gather, scatter_add and cross_entropy note an index outside its range
 * ({@code {found, low word, high word}}, see nb_report_index in common.h). Checking it reads it back,
 * so those ops wait for the device: the price of throwing where the bad index was used.
 */
final class ClIndexCheck {
    private final ClDevice device;
    private final ClBuffer record;

    ClIndexCheck(ClDevice device) {
        this.device = device;
        this.record = new ClAllocator(device).allocate(DType.INT32, 3);  // its own allocator: not in memoryStats
    }

    ClBuffer record() {
        return record;
    }

    /** Zeroes the record before a kernel that writes it (queued, no wait). */
    void clear() {
        ClErrors.check(CL.clEnqueueFillBuffer(device.queue(), record.mem, Pointer.to(new int[] {0}), 4, 0, 12, 0, null,
                null), "clEnqueueFillBuffer", "index check");
    }

    /** Waits for the device and throws if a kernel recorded an index outside {@code [0, size)}. */
    void check(String op, int size) {
        int[] found = new int[3];
        ClErrors.check(CL.clEnqueueReadBuffer(device.queue(), record.mem, true, 0, 12, Pointer.to(found), 0, null, null),
                "clEnqueueReadBuffer", op);
        if (found[0] != 0) {
            long index = (found[1] & 0xFFFFFFFFL) | ((long) found[2] << 32);
            throw new IndexOutOfBoundsException(op + ": index " + index + " is out of bounds for size " + size);
        }
    }
}
