/*
 * Element-wise kernels over strided views (see Layout in common.h), one program per dtype T.
 *
 *   unary_<op>   x, out (shape of l)           views: 0 = x, 1 = out       T float types only
 *   binary_<op>  a, b, out (shape of l)        views: 0 = a, 1 = b, 2 = out; zero strides broadcast
 *   fill         out (shape of l)              views: 0 = out
 *   bias_activation  x, out (N, C, S) contiguous, bias (C) -> out = act(x + bias[c])
 *
 * Launch: 1-D, any local size, any global size: each work-item walks a grid-stride loop.
 * Math runs in T_REAL (float for float32, double for float64 and, with fp64, for the integers).
 */
#include "common.h"

#define NB_FOR_EACH(i, n) for (int i = GLOBAL_ID(0); i < (n); i += GLOBAL_SIZE(0))

#if T_IS_FLOAT
/* Operation codes in the order of dev.nabla.backend.UnaryOp (bias_activation receives the ordinal). */
enum { OP_NEG, OP_ABS, OP_SIGN, OP_STEP, OP_EXP, OP_LOG, OP_SQRT, OP_RECIPROCAL, OP_TANH, OP_SIGMOID,
       OP_RELU, OP_LEAKY_RELU, OP_ELU, OP_SOFTPLUS, OP_ERF };

INLINE T_REAL nb_unary(int op, T_REAL x, T_REAL alpha) {
    const T_REAL one = 1;
    const T_REAL zero = 0;
    switch (op) {
        case OP_NEG: return -x;
        case OP_ABS: return fabs(x);
        case OP_SIGN: return x > zero ? one : (x < zero ? -one : x);
        case OP_STEP: return x > zero ? one : zero;
        case OP_EXP: return exp(x);
        case OP_LOG: return log(x);
        case OP_SQRT: return sqrt(x);
        case OP_RECIPROCAL: return one / x;
        case OP_TANH: return tanh(x);
        case OP_SIGMOID: return x >= zero ? one / (one + exp(-x)) : exp(x) / (one + exp(x));
        case OP_RELU: return x > zero ? x : (x == x ? zero : x);
        case OP_LEAKY_RELU: return x > zero ? x : alpha * x;
        case OP_ELU: return x > zero ? x : alpha * expm1(x);
        case OP_SOFTPLUS: return (x > zero ? x : zero) + log1p(exp(-fabs(x)));
        case OP_ERF: return erf(x);
        default: return x;  /* -1: identity */
    }
}

#define UNARY(name, code) \
KERNEL unary_##name(GLOBAL const T* x, GLOBAL T* out, const Layout l, T_REAL alpha) { \
    NB_FOR_EACH(i, l.count) { \
        int o[2]; \
        nb_offsets(&l, i, 2, o); \
        out[o[1]] = (T) nb_unary(code, (T_REAL) x[o[0]], alpha); \
    } \
}
UNARY(neg, OP_NEG)
UNARY(abs, OP_ABS)
UNARY(sign, OP_SIGN)
UNARY(step, OP_STEP)
UNARY(exp, OP_EXP)
UNARY(log, OP_LOG)
UNARY(sqrt, OP_SQRT)
UNARY(reciprocal, OP_RECIPROCAL)
UNARY(tanh, OP_TANH)
UNARY(sigmoid, OP_SIGMOID)
UNARY(relu, OP_RELU)
UNARY(leaky_relu, OP_LEAKY_RELU)
UNARY(elu, OP_ELU)
UNARY(softplus, OP_SOFTPLUS)
UNARY(erf, OP_ERF)

/* x, out (N, C, S) contiguous from their offsets, bias (C); act = UnaryOp ordinal or -1. */
KERNEL bias_activation(GLOBAL const T* x, int xOff, GLOBAL const T* bias, int biasOff, GLOBAL T* out, int outOff,
                       int count, int channels, int spatial, int act, T_REAL alpha) {
    NB_FOR_EACH(i, count) {
        T_REAL pre = (T_REAL) x[xOff + i] + (T_REAL) bias[biasOff + (i / spatial) % channels];
        out[outOff + i] = (T) nb_unary(act, pre, alpha);
    }
}
#endif

#define BINARY(name, expr) \
KERNEL binary_##name(GLOBAL const T* pa, GLOBAL const T* pb, GLOBAL T* out, const Layout l) { \
    NB_FOR_EACH(i, l.count) { \
        int o[3]; \
        nb_offsets(&l, i, 3, o); \
        T_REAL a = (T_REAL) pa[o[0]]; \
        T_REAL b = (T_REAL) pb[o[1]]; \
        out[o[2]] = T_FROM_REAL(expr); \
    } \
}
BINARY(add, a + b)
BINARY(sub, a - b)
BINARY(mul, a * b)
BINARY(div, a / b)
BINARY(pow, pow(a, b))
BINARY(max, (a != a || b != b) ? a + b : (a > b ? a : b))
BINARY(min, (a != a || b != b) ? a + b : (a < b ? a : b))
BINARY(gt, a > b ? 1 : 0)
BINARY(ge, a >= b ? 1 : 0)
BINARY(lt, a < b ? 1 : 0)
BINARY(le, a <= b ? 1 : 0)
BINARY(eq, a == b ? 1 : 0)
BINARY(ne, a != b ? 1 : 0)

KERNEL fill(GLOBAL T* out, const Layout l, T value) {
    NB_FOR_EACH(i, l.count) {
        int o[1];
        nb_offsets(&l, i, 1, o);
        out[o[0]] = value;
    }
}
