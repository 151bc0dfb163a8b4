package dev.nabla.data;

/** Shape arithmetic for host samples. */
final class Sizes {
    private Sizes() {
    }

    /** Product of a shape (1 for a scalar). */
    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }
}
