package dev.nabla.nn;

import dev.nabla.autodiff.FusedRule;
import dev.nabla.autodiff.Op;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.fused.ConvKernels;
import dev.nabla.tensor.Recorder;
import dev.nabla.tensor.Shapes;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Windows;

/** Convolutions: the backend's fused kernel when it has one, else im2col + batched GEMM. */
final class Conv {
    private Conv() {
    }

    // x (N,C,H,W), w (OC, C/groups, KH, KW), bias (OC) or null -> out (N,OC,OH,OW)
    static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        Conv2dGeometry g = geometry(x, w, bias, stride, padding, dilation, groups);
        if (x.backend() instanceof ConvKernels kernels) {
            return fused(kernels, g, groups, x, w, bias);
        }
        return composite(g, groups, x, w, bias);
    }

    // x (N,C,L), w (OC, C/groups, K) -> out (N,OC,OL): a conv2d over a height-1 image
    static Tensor conv1d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (x.rank() != 3 || w.rank() != 3) {
            throw new IllegalArgumentException("conv1d: expects input (N, C, L) and weight (OC, C/groups, K), got "
                    + Shapes.str(x.shape()) + " and " + Shapes.str(w.shape()));
        }
        Tensor out = conv2d(x.unsqueeze(2), w.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups);
        return out.squeeze(2);
    }

    private static Tensor fused(ConvKernels kernels, Conv2dGeometry g, int groups, Tensor x, Tensor w, Tensor bias) {
        Tensor xc = x.contiguous();
        Tensor wc = w.contiguous();
        Tensor bc = bias == null ? null : bias.contiguous();
        int oc = w.size(0);
        Tensor out = Tensor.on(x.backend()).dtype(x.dtype()).empty(g.n(), oc, g.oh(), g.ow());
        kernels.conv2dForward(g, groups, xc.strided(), wc.strided(), bc == null ? null : bc.strided(), out.strided());
        FusedRule rule = (node, grad) -> {
            Tensor gc = grad.contiguous();
            Tensor dx = null;
            Tensor dw = null;
            if (x.requiresGrad()) {
                dx = Tensor.on(x.backend()).dtype(x.dtype()).empty(x.shape());
                kernels.conv2dBackwardData(g, groups, gc.strided(), wc.strided(), dx.strided());
            }
            if (w.requiresGrad()) {
                dw = Tensor.on(x.backend()).dtype(x.dtype()).empty(w.shape());
                kernels.conv2dBackwardWeight(g, groups, xc.strided(), gc.strided(), dw.strided());
            }
            Tensor db = bias != null && bias.requiresGrad() ? grad.sum(new int[] {0, 2, 3}, false) : null;
            return new Tensor[] {dx, dw, db};
        };
        return Recorder.record(out, Op.FUSED, "conv2d", new Tensor[] {x, w, bias}, null, 0, rule);
    }

    private static Tensor composite(Conv2dGeometry g, int groups, Tensor x, Tensor w, Tensor bias) {
        int oc = w.size(0);
        int cg = g.c() / groups;
        int ocg = oc / groups;
        Conv2dGeometry gg = new Conv2dGeometry(g.n(), cg, g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                g.padH(), g.padW(), g.dilationH(), g.dilationW());
        Tensor[] parts = new Tensor[groups];
        for (int i = 0; i < groups; i++) {
            Tensor xg = groups == 1 ? x : x.narrow(1, i * cg, cg);
            Tensor wg = (groups == 1 ? w : w.narrow(0, i * ocg, ocg)).reshape(ocg, gg.colRows());
            Tensor col = Windows.im2col(xg, gg, 0);     // (N, Cg*KH*KW, OH*OW)
            parts[i] = wg.matmul(col);                  // (N, OCg, OH*OW)
        }
        Tensor out = (groups == 1 ? parts[0] : Tensor.concat(1, parts)).reshape(g.n(), oc, g.oh(), g.ow());
        return bias == null ? out : out.add(bias.reshape(1, oc, 1, 1));
    }

    private static Conv2dGeometry geometry(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                           int groups) {
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("conv2d: expects input (N, C, H, W) and weight (OC, C/groups, KH, KW), got "
                    + Shapes.str(x.shape()) + " and " + Shapes.str(w.shape()));
        }
        int c = x.size(1);
        int oc = w.size(0);
        if (groups <= 0 || c % groups != 0 || oc % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups=" + groups + " must divide input channels " + c
                    + " and output channels " + oc);
        }
        if (w.size(1) != c / groups) {
            throw new IllegalArgumentException("conv2d: weight " + Shapes.str(w.shape()) + " expects " + w.size(1) * groups
                    + " input channels (groups=" + groups + "), but input " + Shapes.str(x.shape()) + " has " + c);
        }
        if (bias != null && (bias.rank() != 1 || bias.size(0) != oc)) {
            throw new IllegalArgumentException("conv2d: bias " + Shapes.str(bias.shape()) + " must have shape [" + oc + "]");
        }
        if (w.backend() != x.backend() || (bias != null && bias.backend() != x.backend())) {
            throw new IllegalArgumentException("conv2d: input, weight and bias are on different backends; move them with to(backend)");
        }
        if (w.dtype() != x.dtype() || (bias != null && bias.dtype() != x.dtype())) {
            throw new IllegalArgumentException("conv2d: input, weight and bias dtypes differ: " + x.dtype().shortName()
                    + ", " + w.dtype().shortName() + (bias == null ? "" : ", " + bias.dtype().shortName()));
        }
        try {
            return new Conv2dGeometry(x.size(0), c, x.size(2), x.size(3), w.size(2), w.size(3), stride[0], stride[1],
                    padding[0], padding[1], dilation[0], dilation[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(x.shape()) + ", weight " + Shapes.str(w.shape())
                    + ": " + e.getMessage(), e);
        }
    }
}
