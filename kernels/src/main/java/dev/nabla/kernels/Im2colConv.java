package dev.nabla.kernels;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.fused.BiasActivationKernels;

/**
 * The fused convolutions of a device backend: conv.cl's im2col (or col2im) into a column buffer
 * {@code (N, C*KH*KW, OH*OW)} and one batched GEMM per group over it, with no reshapes or copies in
 * between. Temporary buffers are released as soon as the calls using them are queued: the backends run
 * in order (one queue or stream), so any later user of that memory runs after them.
 *
 * <pre>{@code
 * public void conv2dForward(Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias, Strided out) {
 *     Im2colConv.forward(this, g, groups, x, w, bias, out);
 * }
 * }</pre>
 */
public final class Im2colConv {
    private Im2colConv() {
    }

    // x (N,C,H,W), w (OC, C/groups, KH, KW), bias (OC) or null -> out (N,OC,OH,OW)
    public static <B extends Backend & BiasActivationKernels> void forward(B backend, Conv2dGeometry g, int groups,
                                                                           Strided x, Strided w, Strided bias,
                                                                           Strided out) {
        int oc = w.shape()[0];
        int rows = g.colRows() / groups;
        int hw = g.colCols();
        int ocg = oc / groups;
        Buffer col = columns(backend, g, x);
        for (int k = 0; k < groups; k++) {
            backend.gemm(g.n(), false, false, ocg, hw, rows, 1,
                    new MatrixBatch(w.buffer(), w.offset() + k * ocg * rows, rows, 0),
                    new MatrixBatch(col, k * rows * hw, hw, g.colRows() * hw), 0,
                    new MatrixBatch(out.buffer(), out.offset() + k * ocg * hw, hw, oc * hw));
        }
        backend.release(col);
        if (bias != null) {
            Strided nchw = Strided.contiguous(out.buffer(), out.offset(), g.n(), oc, hw);
            backend.biasActivation(nchw, bias, null, 0, nchw);
        }
    }

    // grad (N,OC,OH,OW), w -> dx (N,C,H,W): col = w^T grad per image, then col2im
    public static void backwardData(Backend backend, Conv2dGeometry g, int groups, Strided grad, Strided w,
                                    Strided dx) {
        int oc = w.shape()[0];
        int rows = g.colRows() / groups;
        int hw = g.colCols();
        int ocg = oc / groups;
        Buffer col = backend.allocate(dx.buffer().dtype(), (long) g.n() * g.colRows() * hw);
        for (int k = 0; k < groups; k++) {
            backend.gemm(g.n(), true, false, rows, hw, ocg, 1,
                    new MatrixBatch(w.buffer(), w.offset() + k * ocg * rows, rows, 0),
                    new MatrixBatch(grad.buffer(), grad.offset() + k * ocg * hw, hw, oc * hw), 0,
                    new MatrixBatch(col, k * rows * hw, hw, g.colRows() * hw));
        }
        backend.col2im(g, Strided.contiguous(col, 0, g.n(), g.colRows(), hw), dx);
        backend.release(col);
    }

    // x, grad -> dw (OC, C/groups, KH, KW): one GEMM per image into a batch, then a sum over images
    public static void backwardWeight(Backend backend, Conv2dGeometry g, int groups, Strided x, Strided grad,
                                      Strided dw) {
        int oc = dw.shape()[0];
        int rows = g.colRows() / groups;
        int hw = g.colCols();
        int ocg = oc / groups;
        Buffer col = columns(backend, g, x);
        Buffer perImage = backend.allocate(dw.buffer().dtype(), (long) g.n() * oc * rows);
        for (int k = 0; k < groups; k++) {
            backend.gemm(g.n(), false, true, ocg, rows, hw, 1,
                    new MatrixBatch(grad.buffer(), grad.offset() + k * ocg * hw, hw, oc * hw),
                    new MatrixBatch(col, k * rows * hw, hw, g.colRows() * hw), 0,
                    new MatrixBatch(perImage, k * ocg * rows, rows, oc * rows));
        }
        backend.reduce(ReduceOp.SUM, Strided.contiguous(perImage, 0, g.n(), oc * rows), 0,
                Strided.contiguous(dw.buffer(), dw.offset(), 1, oc * rows));
        backend.release(col);
        backend.release(perImage);
    }

    private static Buffer columns(Backend backend, Conv2dGeometry g, Strided x) {
        Buffer col = backend.allocate(x.buffer().dtype(), (long) g.n() * g.colRows() * g.colCols());
        backend.im2col(g, x, 0, Strided.contiguous(col, 0, g.n(), g.colRows(), g.colCols()));
        return col;
    }
}
