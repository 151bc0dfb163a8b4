package dev.nabla.nn;

import dev.nabla.autodiff.FusedRule;
import dev.nabla.autodiff.Op;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.fused.PoolKernels;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Recorder;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Windows;

/** 2-D pooling: the backend's fused kernel when present, else im2col + a reduction over each window. */
final class Pool {
    private Pool() {
    }

    // x (N,C,H,W) -> out (N,C,OH,OW)
    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        Conv2dGeometry g = geometry("max_pool2d", x, kernel, stride, padding, dilation);
        if (x.backend() instanceof PoolKernels kernels) {
            Tensor xc = x.contiguous();
            Tensor out = Tensor.on(x.backend()).dtype(x.dtype()).empty(g.n(), g.c(), g.oh(), g.ow());
            Tensor indices = Tensor.on(x.backend()).dtype(DType.INT64).empty(out.shape());
            kernels.maxPool2dForward(g, xc.strided(), out.strided(), indices.strided());
            FusedRule rule = (node, grad) -> {
                Tensor dx = Tensor.on(x.backend()).dtype(x.dtype()).empty(x.shape());
                kernels.maxPool2dBackward(g, grad.contiguous().strided(), indices.strided(), dx.strided());
                return new Tensor[] {dx};
            };
            return Recorder.record(out, Op.FUSED, "max_pool2d", new Tensor[] {x}, null, 0, rule);
        }
        Tensor col = Windows.im2col(x.reshape(g.n() * g.c(), 1, g.h(), g.w()), perPlane(g), Double.NEGATIVE_INFINITY);
        return col.max(1, false).reshape(g.n(), g.c(), g.oh(), g.ow());
    }

    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        Conv2dGeometry g = geometry("avg_pool2d", x, kernel, stride, padding, new int[] {1, 1});
        if (x.backend() instanceof PoolKernels kernels) {
            Tensor out = Tensor.on(x.backend()).dtype(x.dtype()).empty(g.n(), g.c(), g.oh(), g.ow());
            kernels.avgPool2dForward(g, countIncludePad, x.contiguous().strided(), out.strided());
            FusedRule rule = (node, grad) -> {
                Tensor dx = Tensor.on(x.backend()).dtype(x.dtype()).empty(x.shape());
                kernels.avgPool2dBackward(g, countIncludePad, grad.contiguous().strided(), dx.strided());
                return new Tensor[] {dx};
            };
            return Recorder.record(out, Op.FUSED, "avg_pool2d", new Tensor[] {x}, null, 0, rule);
        }
        Conv2dGeometry plane = perPlane(g);
        Tensor col = Windows.im2col(x.reshape(g.n() * g.c(), 1, g.h(), g.w()), plane, 0);
        Tensor sums = col.sum(1);                                   // (N*C, OH*OW)
        Tensor out;
        if (countIncludePad || (g.padH() == 0 && g.padW() == 0)) {
            out = sums.div(g.kh() * g.kw());
        } else {
            Conv2dGeometry one = new Conv2dGeometry(1, 1, g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                    g.padH(), g.padW(), 1, 1);
            Tensor counts = Windows.im2col(Tensor.on(x.backend()).dtype(x.dtype()).ones(1, 1, g.h(), g.w()), one, 0).sum(1);
            out = sums.div(counts);
        }
        return out.reshape(g.n(), g.c(), g.oh(), g.ow());
    }

    /** The same window over every (n, c) plane as a one-channel image. */
    private static Conv2dGeometry perPlane(Conv2dGeometry g) {
        return new Conv2dGeometry(g.n() * g.c(), 1, g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                g.padH(), g.padW(), g.dilationH(), g.dilationW());
    }

    private static Conv2dGeometry geometry(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expects input (N, C, H, W), got " + Shapes.str(x.shape()));
        }
        for (int d = 0; d < 2; d++) {
            int effective = dilation[d] * (kernel[d] - 1) + 1;
            if (padding[d] * 2 > effective) {
                throw new IllegalArgumentException(op + ": padding " + padding[d] + " must be at most half the kernel size "
                        + effective);
            }
        }
        try {
            return new Conv2dGeometry(x.size(0), x.size(1), x.size(2), x.size(3), kernel[0], kernel[1], stride[0], stride[1],
                    padding[0], padding[1], dilation[0], dilation[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(x.shape()) + ": " + e.getMessage(), e);
        }
    }
}
