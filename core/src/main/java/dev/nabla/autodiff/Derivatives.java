package dev.nabla.autodiff;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Linalg;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Windows;

/**
 * The backward rule of every primitive op, in one place (like PyTorch's derivatives.yaml), written
 * in tensor ops so it runs on every backend. The switches are exhaustive over {@link Op},
 * {@link UnaryOp} and {@link BinaryOp}: a new op does not compile without its rule.
 * {@code grad} is the incoming gradient; {@code x}, {@code a}, {@code b} the inputs; {@code y} the output.
 */
public final class Derivatives {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private Derivatives() {
    }

    /** Gradients for each input of {@code n} (null where none is needed). */
    static Tensor[] backward(Node n, Tensor grad) {
        Tensor[] in = n.inputs;
        Tensor x = in[0];
        return switch (n.op) {
            case RESHAPE -> one(grad.reshape(n.ints));
            case PERMUTE -> one(grad.permute(inverse(n.ints)));
            case EXPAND -> one(sumTo(grad, n.ints));
            case NARROW -> one(padInto(grad, x, n.ints[0], n.ints[1]));
            case CONTIGUOUS -> one(grad.to(x.backend()));
            case CAST -> one(grad.cast(x.dtype()));
            case UNARY -> one(unary((UnaryOp) n.info, n.scalar, x, n.output, grad));
            case BINARY -> binary((BinaryOp) n.info, in[0], in[1], n.output, grad);
            case WHERE -> new Tensor[] {null,
                    needs(in[1]) ? sumTo(Tensor.where(in[0], grad, zero(grad)), in[1].shape()) : null,
                    needs(in[2]) ? sumTo(Tensor.where(in[0], zero(grad), grad), in[2].shape()) : null};
            case SUM -> one(sumBackward(grad, x, n.ints));
            case MAX, MIN -> one(extremeBackward(n.op, grad, x, n.ints[0], n.ints[1] == 1));
            case BMM -> new Tensor[] {
                    needs(in[0]) ? bmmGradient(grad, in[1].transpose(1, 2), in[0]) : null,
                    needs(in[1]) ? bmmGradient(in[0].transpose(1, 2), grad, in[1]) : null};
            case IM2COL -> one(Windows.col2im(grad.contiguous(), (Conv2dGeometry) n.info));
            case GATHER -> new Tensor[] {x.zerosLike(x.shape()).scatterAdd(n.ints[0], in[1], grad), null};
            case SCATTER_ADD -> new Tensor[] {grad, null, needs(in[2]) ? grad.gather(n.ints[0], in[1]) : null};
            case CONCAT -> concatBackward(grad, n.ints);
            case FUSED -> ((FusedRule) n.info).backward(n, grad);
        };
    }

    private static Tensor unary(UnaryOp op, double alpha, Tensor x, Tensor y, Tensor grad) {
        return switch (op) {
            case NEG -> grad.neg();
            case ABS -> grad.mul(x.sign());
            case SIGN, STEP -> throw new IllegalStateException(op.name().toLowerCase(java.util.Locale.ROOT)
                    + " is not differentiable (its derivative is 0 almost everywhere and undefined at 0): it is "
                    + "forward-only; use a surrogate such as tanh, sigmoid or hard_sigmoid to train through it");
            case EXP -> grad.mul(y);
            case LOG -> grad.div(x);
            case SQRT -> grad.div(y.mul(2));
            case RECIPROCAL -> grad.mul(y.mul(y)).neg();
            case TANH -> grad.mul(y.mul(y).neg().add(1));
            case SIGMOID -> grad.mul(y.mul(y.neg().add(1)));
            case RELU -> grad.mul(x.step());
            case LEAKY_RELU -> grad.mul(Tensor.where(x.gt(0), full(x, 1), full(x, alpha)));
            case ELU -> grad.mul(Tensor.where(x.gt(0), full(x, 1), y.add(alpha)));
            case SOFTPLUS -> grad.mul(x.sigmoid());
            case ERF -> grad.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI));
        };
    }

    private static Tensor[] binary(BinaryOp op, Tensor a, Tensor b, Tensor y, Tensor grad) {
        boolean ga = needs(a);
        boolean gb = needs(b);
        Tensor da = null;
        Tensor db = null;
        switch (op) {
            case ADD -> {
                da = grad;
                db = grad;
            }
            case SUB -> {
                da = grad;
                db = gb ? grad.neg() : null;
            }
            case MUL -> {
                da = ga ? grad.mul(b) : null;
                db = gb ? grad.mul(a) : null;
            }
            case DIV -> {
                da = ga ? grad.div(b) : null;
                db = gb ? grad.mul(y).div(b).neg() : null;
            }
            case POW -> {
                da = ga ? grad.mul(b).mul(a.pow(b.sub(1))) : null;
                // d(a^b)/db = a^b log a; where a == 0 the limit is 0 for b > 0 (PyTorch masks it the same way).
                db = gb ? Tensor.where(a.eq(0), zero(grad), grad.mul(y).mul(a.log())) : null;
            }
            case MAX, MIN -> {
                // Ties split the gradient in half, as PyTorch's maximum/minimum do.
                Tensor aWins = op == BinaryOp.MAX ? a.gt(b) : a.lt(b);
                Tensor tie = a.eq(b).mul(0.5);
                da = ga ? grad.mul(aWins.add(tie)) : null;
                db = gb ? grad.mul(aWins.neg().add(1).sub(tie)) : null;
            }
            case GT, GE, LT, LE, EQ, NE -> throw new IllegalStateException(op + " is a comparison and has no gradient");
        }
        return new Tensor[] {ga && da != null ? sumTo(da, a.shape()) : null, gb && db != null ? sumTo(db, b.shape()) : null};
    }

    /**
     * {@code left x right}, laid out like {@code operand}: when the operand is a transposed view (a
     * Linear layer's {@code w.t()}), the product is computed transposed, so the gradient reaching
     * the parameter through the transpose is contiguous and needs no strided copy.
     */
    private static Tensor bmmGradient(Tensor left, Tensor right, Tensor operand) {
        int[] s = operand.strides();
        boolean columnMajor = operand.size(1) > 1 && operand.size(2) > 1 && s[1] == 1;
        if (!columnMajor) {
            return Linalg.bmm(left, right);
        }
        return Linalg.bmm(right.transpose(1, 2), left.transpose(1, 2)).transpose(1, 2);
    }

    private static Tensor sumBackward(Tensor grad, Tensor x, int[] attrs) {
        boolean keepDim = attrs[0] == 1;
        int[] shape = x.shape();
        Tensor g = grad;
        if (!keepDim) {
            int[] kept = shape.clone();
            for (int i = 1; i < attrs.length; i++) {
                kept[attrs[i]] = 1;
            }
            g = g.reshape(kept);
        }
        return g.expand(shape);
    }

    private static Tensor extremeBackward(Op op, Tensor grad, Tensor x, int axis, boolean keepDim) {
        if (x.rank() == 0) {
            return grad;
        }
        Tensor index = op == Op.MAX ? x.argmax(axis, true) : x.argmin(axis, true);
        Tensor g = keepDim ? grad : grad.unsqueeze(axis);
        return x.zerosLike(x.shape()).scatterAdd(axis, index, g);
    }

    private static Tensor[] concatBackward(Tensor grad, int[] attrs) {
        int axis = attrs[0];
        Tensor[] grads = new Tensor[attrs.length - 1];
        int start = 0;
        for (int i = 1; i < attrs.length; i++) {
            grads[i - 1] = grad.narrow(axis, start, attrs[i]);
            start += attrs[i];
        }
        return grads;
    }

    /** Sums a broadcast gradient back to the shape of the input it was broadcast from. */
    public static Tensor sumTo(Tensor grad, int[] shape) {
        int[] g = grad.shape();
        int lead = g.length - shape.length;
        java.util.List<Integer> axes = new java.util.ArrayList<>();
        for (int d = 0; d < g.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && g[d] != 1)) {
                axes.add(d);
            }
        }
        if (axes.isEmpty()) {
            return grad;
        }
        return grad.sum(axes.stream().mapToInt(Integer::intValue).toArray(), true).reshape(shape);
    }

    /** Zeros of {@code x}'s shape with {@code grad} written into the narrowed range. */
    private static Tensor padInto(Tensor grad, Tensor x, int dim, int start) {
        Tensor full = x.zerosLike(x.shape());
        full.narrow(dim, start, grad.size(dim)).copy_(grad);
        return full;
    }

    private static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inv[order[i]] = i;
        }
        return inv;
    }

    private static boolean needs(Tensor t) {
        return t != null && t.requiresGrad();
    }

    private static Tensor[] one(Tensor g) {
        return new Tensor[] {g};
    }

    private static Tensor zero(Tensor like) {
        return like.zerosLike();
    }

    /** A rank-0 tensor of {@code like}'s dtype and backend. */
    private static Tensor full(Tensor like, double value) {
        return like.zerosLike().add(value);
    }
}
