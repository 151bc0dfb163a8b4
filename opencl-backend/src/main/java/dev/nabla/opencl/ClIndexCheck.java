package dev.nabla.opencl;

import static dev.nabla.kernels.KernelLayout.INDEX_RECORD_INTS;

import dev.nabla.kernels.KernelLayout;
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
        this.record = new ClAllocator(device).allocate(DType.INT32, INDEX_RECORD_INTS);  // not in memoryStats
    }

    ClBuffer record() {
        return record;
    }

    /** Zeroes the record before a kernel that writes it (queued, no wait). */
    void clear() {
        ClErrors.check(CL.clEnqueueFillBuffer(device.queue(), record.mem, Pointer.to(new int[] {0}), 4, 0,
                4 * INDEX_RECORD_INTS, 0, null, null), "clEnqueueFillBuffer", "index check");
    }

    /** Waits for the device and throws if a kernel recorded an index outside {@code [0, size)}. */
    void check(String op, int size) {
        int[] found = new int[INDEX_RECORD_INTS];
        ClErrors.check(CL.clEnqueueReadBuffer(device.queue(), record.mem, true, 0, 4 * INDEX_RECORD_INTS,
                Pointer.to(found), 0, null, null), "clEnqueueReadBuffer", op);
        KernelLayout.checkIndexRecord(found, op, size);
    }
}
