package dev.nabla.tensor;

import dev.nabla.autodiff.GradMode;
import dev.nabla.backend.BinaryOp;

/** In-place writes: not recorded by autograd, so refused on tensors autograd may need. */
final class InPlace {
    private InPlace() {
    }

    static Tensor copy(Tensor dst, Tensor src) {
        writable("copy_", dst);
        src.checkOpen("copy_");
        Checks.sameBackend("copy_", dst, src);
        Shapes.broadcast("copy_", src.shape, dst.shape);
        dst.backend().copy(Elementwise.broadcastView(src, dst.shape), dst.strided());
        dst.storage.bumpVersion();
        return dst;
    }

    static Tensor fill(Tensor dst, double value) {
        writable("fill_", dst);
        dst.backend().fill(dst.strided(), value);
        dst.storage.bumpVersion();
        return dst;
    }

    static Tensor binary(BinaryOp op, Tensor dst, Tensor other) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT) + "_";
        writable(name, dst);
        other.checkOpen(name);
        Checks.sameBackend(name, dst, other);
        int[] shape = Shapes.broadcast(name, dst.shape, other.shape);
        if (shape.length != dst.rank() || !java.util.Arrays.equals(shape, dst.shape)) {
            throw new IllegalArgumentException(name + ": result shape " + Shapes.str(shape)
                    + " differs from the in-place target's " + Shapes.str(dst.shape));
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor operand = other.cast(dst.dtype);
            dst.backend().binary(op, dst.strided(), Elementwise.broadcastView(operand, shape), dst.strided());
            if (operand != other) {
                operand.close();
            }
        }
        dst.storage.bumpVersion();
        return dst;
    }

    /** {@code t = t * scale + shift}, for creation helpers. */
    static Tensor affine(Tensor t, double scale, double shift) {
        try (GradMode.Scope off = GradMode.noGrad(); Tensor s = t.like(scale); Tensor b = t.like(shift)) {
            binary(BinaryOp.MUL, t, s);
            binary(BinaryOp.ADD, t, b);
        }
        return t;
    }

    private static void writable(String op, Tensor t) {
        t.checkOpen(op);
        if (GradMode.isEnabled() && t.requiresGrad()) {
            throw new IllegalStateException(op + ": a tensor that requires grad cannot be modified in place while "
                    + "gradients are recorded; do it inside GradMode.noGrad()");
        }
    }
}
