package dev.nabla.cpu;

import dev.nabla.tensor.DType;

/**
 * Per-thread scratch buffers that grow and are then reused, so the hot path allocates nothing once
 * warm. Each thread has a few numbered slots per dtype; a slot's contents live until its next use.
 */
final class CpuScratch {
    private static final int SLOTS = 3;
    private static final ThreadLocal<CpuBuffer[]> BUFFERS = ThreadLocal.withInitial(() -> new CpuBuffer[2 * SLOTS]);
    private static final ThreadLocal<int[][]> INTS = ThreadLocal.withInitial(() -> new int[1][0]);

    private CpuScratch() {
    }

    /** This thread's buffer {@code slot} of at least {@code length} elements of a float dtype. */
    static CpuBuffer get(DType dtype, int slot, long length) {
        CpuBuffer[] mine = BUFFERS.get();
        int index = (dtype == DType.FLOAT64 ? SLOTS : 0) + slot;
        CpuBuffer b = mine[index];
        if (b == null || b.length() < length) {
            b = new CpuBuffer(dtype, Math.toIntExact(Math.max(length, b == null ? 0 : b.length() * 3 / 2)));
            mine[index] = b;
        }
        return b;
    }

    /** This thread's int buffer of at least {@code length} elements (one slot). */
    static int[] ints(int length) {
        int[][] mine = INTS.get();
        if (mine[0].length < length) {
            mine[0] = new int[Math.max(length, mine[0].length * 3 / 2)];
        }
        return mine[0];
    }
}
