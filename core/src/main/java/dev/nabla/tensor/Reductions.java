package dev.nabla.tensor;

import dev.nabla.autodiff.GradMode;
import dev.nabla.autodiff.Op;
import dev.nabla.backend.ReduceOp;

/** Reductions over axes, from the one-axis reduce primitive. */
final class Reductions {
    private Reductions() {
    }

    static Tensor sum(Tensor x, int[] axesArg, boolean keepDim) {
        x.checkOpen("sum");
        int[] axes = Shapes.axes("sum", axesArg, x.rank());
        Tensor current = x;
        try (GradMode.Scope off = GradMode.noGrad()) {
            if (axes.length == x.rank() && x.isContiguous() && x.rank() > 1) {
                current = x.view((int) x.numel());
                current = reduceAxis(ReduceOp.SUM, current, 0);
            } else {
                for (int a : axes) {
                    current = reduceAxis(ReduceOp.SUM, current, a);
                }
            }
            current = current.reshape(reducedShape(x.shape, axes, keepDim));
        }
        int[] attrs = new int[axes.length + 1];
        attrs[0] = keepDim ? 1 : 0;
        System.arraycopy(axes, 0, attrs, 1, axes.length);
        return Recorder.record(current.contiguous(), Op.SUM, "sum", new Tensor[] {x}, attrs);
    }

    static Tensor mean(Tensor x, int[] axesArg, boolean keepDim) {
        int[] axes = Shapes.axes("mean", axesArg, x.rank());
        long count = 1;
        for (int a : axes) {
            count *= x.shape[a];
        }
        return sum(x, axes, keepDim).div(count);
    }

    static Tensor var(Tensor x, int[] axesArg, boolean unbiased, boolean keepDim) {
        int[] axes = Shapes.axes("var", axesArg, x.rank());
        long count = 1;
        for (int a : axes) {
            count *= x.shape[a];
        }
        Tensor centered = x.sub(mean(x, axes, true));
        return sum(centered.mul(centered), axes, keepDim).div(Math.max(count - (unbiased ? 1 : 0), 0));
    }

    /** MAX or MIN along one axis, recorded so that the gradient goes to the first extreme element. */
    static Tensor extreme(ReduceOp op, Tensor x, int axis, boolean keepDim) {
        String name = op == ReduceOp.MAX ? "max" : "min";
        x.checkOpen(name);
        int a = Shapes.axis(name, axis, x.rank());
        if (x.rank() > 0 && x.shape[a] == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce an empty dimension of " + Shapes.str(x.shape));
        }
        Tensor out;
        try (GradMode.Scope off = GradMode.noGrad()) {
            out = reduceAxis(op, x, a);
            if (!keepDim) {
                out = out.reshape(reducedShape(x.shape, new int[] {a}, false));
            }
        }
        return Recorder.record(out, op == ReduceOp.MAX ? Op.MAX : Op.MIN, name, new Tensor[] {x}, a, keepDim ? 1 : 0);
    }

    static Tensor arg(ReduceOp op, Tensor x, int axis, boolean keepDim) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        x.checkOpen(name);
        int a = Shapes.axis(name, axis, x.rank());
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor out = reduceAxis(op, x, a);
            return keepDim ? out : out.reshape(reducedShape(x.shape, new int[] {a}, false));
        }
    }

    /** One reduce primitive call; the result keeps {@code axis} with size 1. */
    private static Tensor reduceAxis(ReduceOp op, Tensor x, int axis) {
        if (x.rank() == 0) {
            return op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN
                    ? new TensorFactory(x.backend(), DType.INT64).zeros() : x.contiguousCopy();
        }
        int[] shape = x.shape.clone();
        shape[axis] = 1;
        DType type = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.INT64 : x.dtype;
        Tensor out = new TensorFactory(x.backend(), type).empty(shape);
        if (x.shape[axis] == 0) {
            x.backend().fill(out.strided(), 0);
        } else {
            x.backend().reduce(op, x.strided(), axis, out.strided());
        }
        return out;
    }

    static int[] reducedShape(int[] shape, int[] axes, boolean keepDim) {
        java.util.List<Integer> result = new java.util.ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            boolean reduced = java.util.Arrays.binarySearch(axes, d) >= 0;
            if (!reduced) {
                result.add(shape[d]);
            } else if (keepDim) {
                result.add(1);
            }
        }
        return result.stream().mapToInt(Integer::intValue).toArray();
    }

}
