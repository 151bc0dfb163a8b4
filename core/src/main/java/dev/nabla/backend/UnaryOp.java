package dev.nabla.backend;

/**
 * Element-wise unary operations: {@code out[i] = f(x[i])}. The kernel for each constant is named
 * {@code unary_<name>} (e.g. {@code unary_exp}). Only {@link #LEAKY_RELU} and {@link #ELU} read the
 * {@code alpha} argument of {@link Backend#unary}.
 */
public enum UnaryOp {
    /** {@code -x} */
    NEG,
    /** {@code |x|} */
    ABS,
    /** {@code -1, 0, 1} by the sign of x (0 for 0). */
    SIGN,
    /** Heaviside: {@code x > 0 ? 1 : 0}. */
    STEP,
    /** {@code e^x} */
    EXP,
    /** natural logarithm */
    LOG,
    /** square root */
    SQRT,
    /** {@code 1 / x} */
    RECIPROCAL,
    /** hyperbolic tangent */
    TANH,
    /** {@code 1 / (1 + e^-x)}, computed without overflow for large |x| */
    SIGMOID,
    /** {@code max(x, 0)} */
    RELU,
    /** {@code x > 0 ? x : alpha * x} */
    LEAKY_RELU,
    /** {@code x > 0 ? x : alpha * (e^x - 1)} */
    ELU,
    /** {@code log(1 + e^x)}, computed as {@code max(x,0) + log1p(e^-|x|)} so it never overflows */
    SOFTPLUS,
    /** the error function */
    ERF;

    /** Kernel name, e.g. {@code unary_exp}. */
    public String kernelName() {
        return "unary_" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
