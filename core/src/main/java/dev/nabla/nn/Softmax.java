package dev.nabla.nn;

import dev.nabla.autodiff.FusedRule;
import dev.nabla.autodiff.Op;
import dev.nabla.backend.Strided;
import dev.nabla.backend.fused.SoftmaxKernels;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Recorder;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;

/** Softmax, log-softmax and cross-entropy from logits, max-shifted so they never overflow. */
final class Softmax {
    private Softmax() {
    }

    static Tensor softmax(Tensor x, int axis, boolean log) {
        int a = Shapes.axis(log ? "log_softmax" : "softmax", axis, x.rank());
        if (x.backend() instanceof SoftmaxKernels kernels && x.rank() > 0) {
            int last = x.rank() - 1;
            Tensor moved = a == last ? x : x.transpose(a, last);
            Tensor y = fusedLastAxis(kernels, moved, log);
            return a == last ? y : y.transpose(a, last);
        }
        Tensor shifted = x.sub(x.max(a, true).detach());   // softmax is shift-invariant: the max needs no gradient
        if (log) {
            return shifted.sub(shifted.exp().sum(new int[] {a}, true).log());
        }
        Tensor e = shifted.exp();
        return e.div(e.sum(new int[] {a}, true));
    }

    private static Tensor fusedLastAxis(SoftmaxKernels kernels, Tensor x, boolean log) {
        Tensor xc = x.contiguous();
        int cols = x.size(-1);
        int rows = (int) (x.numel() / Math.max(cols, 1));
        Tensor out = Tensor.on(x.backend()).dtype(x.dtype()).empty(x.shape());
        kernels.softmax(Strided.contiguous(xc.strided().buffer(), xc.offset(), rows, cols),
                Strided.contiguous(out.strided().buffer(), 0, rows, cols), log);
        FusedRule rule = (node, grad) -> {
            Tensor y = node.output();
            int[] lastAxis = {x.rank() - 1};
            if (log) {
                return new Tensor[] {grad.sub(y.exp().mul(grad.sum(lastAxis, true)))};
            }
            return new Tensor[] {y.mul(grad.sub(grad.mul(y).sum(lastAxis, true)))};
        };
        return Recorder.record(out, Op.FUSED, log ? "log_softmax" : "softmax", new Tensor[] {x}, null, 0, rule);
    }

    /** Per-sample cross-entropy of logits {@code (N, C)} against class indices {@code (N)}. */
    static Tensor crossEntropyPerSample(Tensor logits, Tensor labels) {
        if (logits.rank() != 2 || labels.rank() != 1 || labels.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("cross_entropy: expects logits (N, C) and labels (N), got "
                    + Shapes.str(logits.shape()) + " and " + Shapes.str(labels.shape()));
        }
        if (labels.dtype().isFloating()) {
            throw new IllegalArgumentException("cross_entropy: labels must be int32 or int64 class indices, got "
                    + labels.dtype().shortName() + "; use a soft-target loss for probabilities");
        }
        if (logits.backend() instanceof SoftmaxKernels kernels) {
            Tensor lc = logits.contiguous();
            Tensor yc = labels.contiguous();
            Tensor losses = Tensor.on(logits.backend()).dtype(logits.dtype()).empty(logits.size(0));
            kernels.crossEntropy(lc.strided(), yc.strided(), losses.strided());
            FusedRule rule = (node, grad) -> {
                Tensor target = labels.oneHot(logits.size(1)).cast(logits.dtype());
                Tensor dlogits = softmax(logits, 1, false).sub(target).mul(grad.unsqueeze(1));
                return new Tensor[] {dlogits, null};
            };
            return Recorder.record(losses, Op.FUSED, "cross_entropy", new Tensor[] {logits, labels}, null, 0, rule);
        }
        Tensor index = labels.cast(DType.INT64).unsqueeze(1);
        return softmax(logits, 1, true).gather(1, index).squeeze(1).neg();
    }
}
