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
            result[i] = v.offsetOf(index);
            Strided.nextIndex(index, v.shape());
        }
        return result;
    }
}
