package dev.nabla.backend;

/**
 * Element-wise binary operations: {@code out[i] = f(a[i], b[i])}. Comparisons write 1 where true
 * and 0 where false, in the output's dtype. The kernel for each constant is {@code binary_<name>}.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** {@code a^b} as {@code Math.pow}. */
    POW,
    /** element-wise maximum; NaN if either is NaN */
    MAX,
    /** element-wise minimum; NaN if either is NaN */
    MIN,
    GT, GE, LT, LE, EQ, NE;

    /** True for the comparisons, whose result is a 0/1 mask. */
    public boolean isComparison() {
        return ordinal() >= GT.ordinal();
    }

    /** Kernel name, e.g. {@code binary_add}. */
    public String kernelName() {
        return "binary_" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
