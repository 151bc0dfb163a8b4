package dev.nabla.tensor;

import dev.nabla.autodiff.Op;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;

/** Element-wise ops with NumPy broadcasting, written once for every backend. */
final class Elementwise {
    private Elementwise() {
    }

    static Tensor unary(UnaryOp op, Tensor x, double alpha) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        x.checkOpen(name);
        Checks.floating(name, x);
        Tensor out = new TensorFactory(x.backend(), x.dtype).empty(x.shape);
        x.backend().unary(op, alpha, x.strided(), out.strided());
        return Recorder.record(out, Op.UNARY, name, new Tensor[] {x}, null, alpha, op);
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        a.checkOpen(name);
        b.checkOpen(name);
        Checks.sameBackend(name, a, b);
        Checks.sameDtype(name, a, b);
        int[] shape = Shapes.broadcast(name, a.shape, b.shape);
        Tensor out = new TensorFactory(a.backend(), a.dtype).empty(shape);
        a.backend().binary(op, broadcastView(a, shape), broadcastView(b, shape), out.strided());
        if (op.isComparison()) {
            return out;
        }
        return Recorder.record(out, Op.BINARY, name, new Tensor[] {a, b}, null, 0, op);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        cond.checkOpen("where");
        a.checkOpen("where");
        b.checkOpen("where");
        Checks.sameBackend("where", cond, a);
        Checks.sameBackend("where", a, b);
        Checks.sameDtype("where", a, b);
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape, a.shape), b.shape);
        Tensor out = new TensorFactory(a.backend(), a.dtype).empty(shape);
        a.backend().where(broadcastView(cond, shape), broadcastView(a, shape), broadcastView(b, shape), out.strided());
        return Recorder.record(out, Op.WHERE, "where", new Tensor[] {cond, a, b});
    }

    /** {@code t}'s layout stretched to {@code shape} with zero strides (no copy). */
    static Strided broadcastView(Tensor t, int[] shape) {
        int lead = shape.length - t.rank();
        int[] strides = new int[shape.length];
        for (int d = 0; d < t.rank(); d++) {
            strides[lead + d] = t.shape[d] == shape[lead + d] ? t.strides[d] : 0;
        }
        return new Strided(t.storage.buffer, t.offset, shape, strides);
    }
}
