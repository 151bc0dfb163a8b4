package dev.nabla.backend.reference;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.UnaryOp;

/**
 * The scalar definition of every element-wise op, in double precision. Public so that other
 * backends' scalar paths compute exactly what the oracle computes.
 */
public final class ScalarMath {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private ScalarMath() {
    }

    /** {@code op(x)}; {@code alpha} as in {@link dev.nabla.backend.Backend#unary}. */
    public static double unary(UnaryOp op, double x, double alpha) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case STEP -> x > 0 ? 1 : 0;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RECIPROCAL -> 1.0 / x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case RELU -> x > 0 ? x : (x == x ? 0.0 : x);
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case ELU -> x > 0 ? x : alpha * Math.expm1(x);
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case ERF -> erf(x);
        };
    }

    /** {@code op(a, b)}; comparisons give 1 or 0. */
    public static double binary(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> (a != a || b != b) ? Double.NaN : Math.max(a, b);
            case MIN -> (a != a || b != b) ? Double.NaN : Math.min(a, b);
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
        };
    }

    /**
     * The error function to about 1e-14: the Maclaurin series below |x| = 3 (terms peak near
     * 1e4, so cancellation costs about four of double's sixteen digits), the continued fraction
     * of erfc above.
     */
    public static double erf(double x) {
        if (x != x) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 3.0) {
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double next = term / (2 * n + 1);
                sum += next;
                if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * sum;
        }
        if (ax > 6.0) {
            return Math.copySign(1.0, x);
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated from the tail.
        double fraction = ax;
        for (int k = 60; k >= 1; k--) {
            fraction = ax + (k / 2.0) / fraction;
        }
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fraction;
        return Math.copySign(1.0 - erfc, x);
    }
}
