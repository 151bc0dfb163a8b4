package dev.nabla.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 rows for the element-wise primitives. Tails run as one masked vector step rather
 * than scalar code, so an element gets the same bits whichever thread range it falls in. The
 * generic helpers take the operator as an argument; they are small enough to be inlined at each
 * call site, where the operator is a constant and the Vector API intrinsic applies.
 */
final class CpuVecOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuVecOps() {
    }

    /** True when {@link #unary} has a SIMD form of {@code op}. */
    static boolean hasUnary(UnaryOp op) {
        return op != UnaryOp.ERF;
    }

    // x[xo..xo+n) -> out[oo..oo+n)
    static void unary(UnaryOp op, float alpha, float[] x, int xo, float[] out, int oo, int n) {
        switch (op) {
            case NEG -> map(VectorOperators.NEG, x, xo, out, oo, n);
            case ABS -> map(VectorOperators.ABS, x, xo, out, oo, n);
            case EXP -> map(VectorOperators.EXP, x, xo, out, oo, n);
            case LOG -> map(VectorOperators.LOG, x, xo, out, oo, n);
            case SQRT -> map(VectorOperators.SQRT, x, xo, out, oo, n);
            case TANH -> map(VectorOperators.TANH, x, xo, out, oo, n);
            // the training hot path (ReLU and its derivative) gets its own loops: special() is too big
            // to be inlined into a loop, and a vector passed to a method that is not inlined is boxed
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (int i = 0; i < n; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, n);
                    FloatVector.fromArray(S, x, xo + i, m).max(zero).intoArray(out, oo + i, m);
                }
            }
            case STEP -> {
                FloatVector zero = FloatVector.zero(S);
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (int i = 0; i < n; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, n);
                    FloatVector v = FloatVector.fromArray(S, x, xo + i, m);
                    zero.blend(one, v.compare(VectorOperators.GT, zero)).intoArray(out, oo + i, m);
                }
            }
            default -> {
                for (int i = 0; i < n; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, n);
                    FloatVector v = FloatVector.fromArray(S, x, xo + i, m);
                    special(op, alpha, v).intoArray(out, oo + i, m);
                }
            }
        }
    }

    private static FloatVector special(UnaryOp op, float alpha, FloatVector v) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        return switch (op) {
            case RELU -> v.max(zero);
            case STEP -> zero.blend(one, v.compare(VectorOperators.GT, 0f));
            case SIGN -> v.blend(one, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
            case RECIPROCAL -> one.div(v);
            case SIGMOID -> one.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            case LEAKY_RELU -> v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f));
            case ELU -> v.lanewise(VectorOperators.EXPM1).mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f));
            case SOFTPLUS -> v.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P).add(v.max(zero));
            default -> throw new IllegalArgumentException("no SIMD form of " + op);
        };
    }

    private static void map(VectorOperators.Unary op, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(op).intoArray(out, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xo + i, m).lanewise(op).intoArray(out, oo + i, m);
        }
    }

    // out[oo+j] = op(a[ao + j*sa], b[bo + j*sb]) with sa, sb in {0, 1}
    static void binary(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> zip(VectorOperators.ADD, a, ao, sa, b, bo, sb, out, oo, n);
            case SUB -> zip(VectorOperators.SUB, a, ao, sa, b, bo, sb, out, oo, n);
            case MUL -> zip(VectorOperators.MUL, a, ao, sa, b, bo, sb, out, oo, n);
            case DIV -> zip(VectorOperators.DIV, a, ao, sa, b, bo, sb, out, oo, n);
            case POW -> zip(VectorOperators.POW, a, ao, sa, b, bo, sb, out, oo, n);
            case MAX -> zip(VectorOperators.MAX, a, ao, sa, b, bo, sb, out, oo, n);
            case MIN -> zip(VectorOperators.MIN, a, ao, sa, b, bo, sb, out, oo, n);
            case GT -> compare(VectorOperators.GT, a, ao, sa, b, bo, sb, out, oo, n);
            case GE -> compare(VectorOperators.GE, a, ao, sa, b, bo, sb, out, oo, n);
            case LT -> compare(VectorOperators.LT, a, ao, sa, b, bo, sb, out, oo, n);
            case LE -> compare(VectorOperators.LE, a, ao, sa, b, bo, sb, out, oo, n);
            case EQ -> compare(VectorOperators.EQ, a, ao, sa, b, bo, sb, out, oo, n);
            case NE -> compare(VectorOperators.NE, a, ao, sa, b, bo, sb, out, oo, n);
        }
    }

    private static void zip(VectorOperators.Binary op, float[] a, int ao, int sa, float[] b, int bo, int sb,
                            float[] out, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]);
        FloatVector cb = FloatVector.broadcast(S, b[bo]);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector va = sa == 0 ? ca : FloatVector.fromArray(S, a, ao + i);
            FloatVector vb = sb == 0 ? cb : FloatVector.fromArray(S, b, bo + i);
            apply(op, va, vb).intoArray(out, oo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = sa == 0 ? ca : FloatVector.fromArray(S, a, ao + i, m);
            FloatVector vb = sb == 0 ? cb : FloatVector.fromArray(S, b, bo + i, m);
            apply(op, va, vb).intoArray(out, oo + i, m);
        }
    }

    // zip is compiled on its own (too big to inline at every call site), so op is not a constant
    // there and lanewise(op, v) would take the library's non-intrinsic path; each branch below
    // names a constant operator, which C2 does intrinsify
    private static FloatVector apply(VectorOperators.Binary op, FloatVector a, FloatVector b) {
        if (op == VectorOperators.ADD) {
            return a.add(b);
        } else if (op == VectorOperators.MUL) {
            return a.mul(b);
        } else if (op == VectorOperators.SUB) {
            return a.sub(b);
        } else if (op == VectorOperators.MAX) {
            return a.max(b);
        } else if (op == VectorOperators.MIN) {
            return a.min(b);
        } else if (op == VectorOperators.DIV) {
            return a.div(b);
        }
        return a.lanewise(VectorOperators.POW, b);
    }

    private static void compare(VectorOperators.Comparison op, float[] a, int ao, int sa, float[] b, int bo, int sb,
                                float[] out, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]);
        FloatVector cb = FloatVector.broadcast(S, b[bo]);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector va = sa == 0 ? ca : FloatVector.fromArray(S, a, ao + i, m);
            FloatVector vb = sb == 0 ? cb : FloatVector.fromArray(S, b, bo + i, m);
            zero.blend(1f, va.compare(op, vb)).intoArray(out, oo + i, m);
        }
    }

    // ---- reductions: vector body with four accumulators, scalar tail --------------------------

    /** Sum of {@code x[o..o+n)}. */
    static float sum(float[] x, int o, int n) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L; i <= bound; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, x, o + i));
            s1 = s1.add(FloatVector.fromArray(S, x, o + i + L));
            s2 = s2.add(FloatVector.fromArray(S, x, o + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, x, o + i + 3 * L));
        }
        for (int bound = S.loopBound(n); i < bound; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, x, o + i));
        }
        float sum = sumLanes(s0.add(s1).add(s2.add(s3)));
        // scalar tail
        for (; i < n; i++) {
            sum += x[o + i];
        }
        return sum;
    }

    /** Maximum ({@code max}) or minimum of {@code x[o..o+n)}, NaN if any element is NaN; {@code n >= 1}. */
    static float extreme(boolean max, float[] x, int o, int n) {
        int i = 0;
        float result = x[o];
        if (n >= L) {
            FloatVector acc = FloatVector.fromArray(S, x, o);
            for (i = L; i <= n - L; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, o + i);
                acc = max ? acc.max(v) : acc.min(v);
            }
            result = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        }
        // scalar tail
        for (; i < n; i++) {
            float v = x[o + i];
            result = v != v || result != result ? Float.NaN : (max ? Math.max(result, v) : Math.min(result, v));
        }
        return result;
    }

    /** {@code acc[ao+j] = op(acc[ao+j], x[xo+j])} for {@code j < n}, op one of sum/max/min. */
    static void accumulate(int kind, float[] acc, int ao, float[] x, int xo, int n) {
        switch (kind) {
            case 0 -> zip(VectorOperators.ADD, acc, ao, 1, x, xo, 1, acc, ao, n);
            case 1 -> zip(VectorOperators.MAX, acc, ao, 1, x, xo, 1, acc, ao, n);
            default -> zip(VectorOperators.MIN, acc, ao, 1, x, xo, 1, acc, ao, n);
        }
    }

    /**
     * The lanes of {@code v} added in lane order. {@code reduceLanes(ADD)} leaves the order open and
     * it does change once the JIT compiles the caller, so the same step gave different bits from one
     * call to the next; sums must not depend on that.
     */
    static float sumLanes(FloatVector v) {
        float sum = v.lane(0);
        for (int i = 1; i < L; i++) {
            sum += v.lane(i);
        }
        return sum;
    }
}
