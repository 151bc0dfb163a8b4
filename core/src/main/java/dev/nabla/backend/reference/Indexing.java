package dev.nabla.backend.reference;

import dev.nabla.backend.Strided;

/** Plain row-major enumeration of strided views: slow, simple and obviously right. */
final class Indexing {
    private Indexing() {
    }

    /** Element offsets of every element of {@code v}, in row-major order of its shape. */
    static int[] offsets(Strided v) {
        long count = v.numel();
        int[] result = new int[Math.toIntExact(count)];
        int[] index = new int[v.rank()];
        for (int i = 0; i < result.length; i++) {
            result[i] = offsetOf(v, index);
            increment(index, v.shape());
        }
        return result;
    }

    /** Offset of the element at multi-index {@code index}. */
    static int offsetOf(Strided v, int[] index) {
        int offset = v.offset();
        for (int d = 0; d < index.length; d++) {
            offset += index[d] * v.strides()[d];
        }
        return offset;
    }

    /** Advances {@code index} to the next multi-index in row-major order (wraps to zero at the end). */
    static void increment(int[] index, int[] shape) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }
}
