package dev.nabla.opencl;

import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.DType;

/**
 * The fused kernels of {@link ClBackend}: convolution as one im2col and one batched GEMM per group
 * (no reshapes or copies in between), pooling, softmax and cross-entropy rows, batch norm, bias +
 * activation and optimizer updates as single kernels. Layouts as in {@code dev.nabla.backend.fused}.
 */
final class ClFused {
    private final ClBackend cl;

    ClFused(ClBackend cl) {
        this.cl = cl;
    }

    // x (N,C,H,W), w (OC, C/groups, KH, KW), bias (OC) or null -> out (N,OC,OH,OW)
    void conv2dForward(Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias, Strided out) {
        int oc = w.shape()[0];
        int rows = g.colRows() / groups;
        int hw = g.colCols();
        int ocg = oc / groups;
        Buffer col = columns(g, x);
        for (int k = 0; k < groups; k++) {
            cl.gemm(g.n(), false, false, ocg, hw, rows, 1, new MatrixBatch(w.buffer(), w.offset() + k * ocg * rows, rows, 0),
                    new MatrixBatch(col, k * rows * hw, hw, g.colRows() * hw), 0,
                    new MatrixBatch(out.buffer(), out.offset() + k * ocg * hw, hw, oc * hw));
        }
        cl.release(col);  // the in-order queue runs the GEMMs before any later user of this memory
        if (bias != null) {
            Strided nchw = Strided.contiguous(out.buffer(), out.offset(), g.n(), oc, hw);
            biasActivation(nchw, bias, null, 0, nchw);
        }
    }

    // grad (N,OC,OH,OW), w -> dx (N,C,H,W): col = w^T grad per image, then col2im
    void conv2dBackwardData(Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        int oc = w.shape()[0];
        int rows = g.colRows() / groups;
        int hw = g.colCols();
        int ocg = oc / groups;
        Buffer col = cl.allocate(dx.buffer().dtype(), (long) g.n() * g.colRows() * hw);
        for (int k = 0; k < groups; k++) {
            cl.gemm(g.n(), true, false, rows, hw, ocg, 1, new MatrixBatch(w.buffer(), w.offset() + k * ocg * rows, rows, 0),
                    new MatrixBatch(grad.buffer(), grad.offset() + k * ocg * hw, hw, oc * hw), 0,
                    new MatrixBatch(col, k * rows * hw, hw, g.colRows() * hw));
        }
        cl.col2im(g, Strided.contiguous(col, 0, g.n(), g.colRows(), hw), dx);
        cl.release(col);
    }

    // x, grad -> dw (OC, C/groups, KH, KW): one GEMM per image into a batch, then a sum over images
    void conv2dBackwardWeight(Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        int oc = dw.shape()[0];
        int rows = g.colRows() / groups;
        int hw = g.colCols();
        int ocg = oc / groups;
        Buffer col = columns(g, x);
        Buffer perImage = cl.allocate(dw.buffer().dtype(), (long) g.n() * oc * rows);
        for (int k = 0; k < groups; k++) {
            cl.gemm(g.n(), false, true, ocg, rows, hw, 1,
                    new MatrixBatch(grad.buffer(), grad.offset() + k * ocg * hw, hw, oc * hw),
                    new MatrixBatch(col, k * rows * hw, hw, g.colRows() * hw), 0,
                    new MatrixBatch(perImage, k * ocg * rows, rows, oc * rows));
        }
        cl.reduce(ReduceOp.SUM, Strided.contiguous(perImage, 0, g.n(), oc * rows), 0,
                Strided.contiguous(dw.buffer(), dw.offset(), 1, oc * rows));
        cl.release(col);
        cl.release(perImage);
    }

    private Buffer columns(Conv2dGeometry g, Strided x) {
        Buffer col = cl.allocate(x.buffer().dtype(), (long) g.n() * g.colRows() * g.colCols());
        cl.im2col(g, x, 0, Strided.contiguous(col, 0, g.n(), g.colRows(), g.colCols()));
        return col;
    }

    void maxPool2dForward(Conv2dGeometry g, Strided x, Strided out, Strided indices) {
        cl.launch("conv.cl", ClBuffer.floating(x, "max_pool2d"), null, "max_pool2d_forward").ints(ClLayout.geometry(g))
                .mem(ClBuffer.own(x, "max_pool2d")).ints(x.offset()).mem(ClBuffer.own(out, "max_pool2d")).ints(out.offset())
                .mem(ClBuffer.own(indices, "max_pool2d")).ints(indices.offset()).grid(out.numel());
    }

    void maxPool2dBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        String op = "max_pool2d_backward";
        cl.launch("conv.cl", ClBuffer.floating(grad, op), null, op).ints(ClLayout.geometry(g))
                .mem(ClBuffer.own(grad, op)).ints(grad.offset()).mem(ClBuffer.own(indices, op)).ints(indices.offset())
                .mem(ClBuffer.own(dx, op)).ints(dx.offset()).grid(dx.numel());
    }

    /** avg_pool2d_forward (in = x, out) or avg_pool2d_backward (in = grad, out = dx). */
    void avgPool2d(String kernel, Conv2dGeometry g, boolean countIncludePad, Strided in, Strided out) {
        cl.launch("conv.cl", ClBuffer.floating(in, kernel), null, kernel).ints(ClLayout.geometry(g))
                .ints(countIncludePad ? 1 : 0).mem(ClBuffer.own(in, kernel)).ints(in.offset())
                .mem(ClBuffer.own(out, kernel)).ints(out.offset()).grid(out.numel());
    }

    // x, out (rows, cols)
    void softmax(Strided x, Strided out, boolean log) {
        int cols = x.shape()[x.rank() - 1];
        int rows = (int) (x.numel() / Math.max(cols, 1));
        ClLaunch launch = cl.launch("rows.cl", ClBuffer.floating(x, "softmax"), null, "softmax");
        int local = launch.localPow2();
        int lanes = lanes(cols, local);
        launch.mem(ClBuffer.own(x, "softmax")).ints(x.offset()).mem(ClBuffer.own(out, "softmax")).ints(out.offset())
                .ints(rows).ints(cols).ints(lanes).ints(log ? 1 : 0).groups(groups(rows, lanes, local), local);
    }

    // logits (rows, cols), labels (rows) -> losses (rows)
    void crossEntropy(Strided logits, Strided labels, Strided losses) {
        int rows = logits.shape()[0];
        int cols = logits.shape()[1];
        ClLaunch launch = cl.launch("rows.cl", ClBuffer.floating(logits, "cross_entropy"), labels.buffer().dtype(),
                "cross_entropy");
        int local = launch.localPow2();
        int lanes = lanes(cols, local);
        cl.indexCheck().clear();
        launch.mem(ClBuffer.own(logits, "cross_entropy")).ints(logits.offset()).mem(ClBuffer.own(labels, "cross_entropy"))
                .ints(labels.offset()).mem(ClBuffer.own(losses, "cross_entropy")).ints(losses.offset()).ints(rows)
                .ints(cols).ints(lanes).mem(cl.indexCheck().record()).groups(groups(rows, lanes, local), local);
        cl.indexCheck().check("cross_entropy", cols);
    }

    // x, out (N, C, S); gamma, beta, mean, invStd (C)
    void batchNormForward(Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean, Strided invStd) {
        String op = "batch_norm_forward";
        DType t = ClBuffer.floating(x, op);
        ClLaunch launch = cl.launch("rows.cl", t, null, op);
        int local = launch.localPow2();
        launch.mem(ClBuffer.own(x, op)).ints(x.offset()).mem(ClBuffer.own(gamma, op)).ints(gamma.offset())
                .mem(ClBuffer.own(beta, op)).ints(beta.offset()).mem(ClBuffer.own(out, op)).ints(out.offset())
                .mem(ClBuffer.own(mean, op)).ints(mean.offset()).mem(ClBuffer.own(invStd, op)).ints(invStd.offset())
                .ints(x.shape()[0]).ints(x.shape()[1]).ints(x.shape()[2]).real(t, eps)
                .groups(Math.min(x.shape()[1], 4096), local);
    }

    void batchNormBackward(Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd, Strided dx,
                           Strided dgamma, Strided dbeta) {
        String op = "batch_norm_backward";
        ClLaunch launch = cl.launch("rows.cl", ClBuffer.floating(x, op), null, op);
        int local = launch.localPow2();
        launch.mem(ClBuffer.own(grad, op)).ints(grad.offset()).mem(ClBuffer.own(x, op)).ints(x.offset())
                .mem(ClBuffer.own(gamma, op)).ints(gamma.offset()).mem(ClBuffer.own(mean, op)).ints(mean.offset())
                .mem(ClBuffer.own(invStd, op)).ints(invStd.offset()).mem(ClBuffer.own(dx, op)).ints(dx.offset())
                .mem(ClBuffer.own(dgamma, op)).ints(dgamma.offset()).mem(ClBuffer.own(dbeta, op)).ints(dbeta.offset())
                .ints(x.shape()[0]).ints(x.shape()[1]).ints(x.shape()[2]).groups(Math.min(x.shape()[1], 4096), local);
    }

    // x, out (N, C, S), bias (C)
    void biasActivation(Strided x, Strided bias, UnaryOp activation, double alpha, Strided out) {
        String op = "bias_activation";
        DType t = ClBuffer.floating(x, op);
        cl.launch("elementwise.cl", t, null, op).mem(ClBuffer.own(x, op)).ints(x.offset()).mem(ClBuffer.own(bias, op))
                .ints(bias.offset()).mem(ClBuffer.own(out, op)).ints(out.offset()).ints((int) x.numel()).ints(x.shape()[1])
                .ints(x.rank() > 2 ? x.shape()[2] : 1).ints(activation == null ? -1 : activation.ordinal()).real(t, alpha)
                .grid(x.numel());
    }

    void sgdUpdate(Strided param, Strided grad, Strided velocity, double lr, double momentum, double dampening,
                   double weightDecay, boolean nesterov, boolean firstStep) {
        String op = "sgd_update";
        DType t = ClBuffer.floating(param, op);
        Strided v = velocity == null ? param : velocity;  // unused by the kernel when momentum == 0
        cl.launch("update.cl", t, null, op).mem(ClBuffer.own(param, op)).ints(param.offset()).mem(ClBuffer.own(grad, op))
                .ints(grad.offset()).mem(ClBuffer.own(v, op)).ints(v.offset()).ints((int) param.numel()).real(t, lr)
                .real(t, momentum).real(t, dampening).real(t, weightDecay).ints(nesterov ? 1 : 0).ints(firstStep ? 1 : 0)
                .grid(param.numel());
    }

    void adamUpdate(Strided param, Strided grad, Strided m, Strided v, long step, double lr, double beta1, double beta2,
                    double eps, double weightDecay, boolean decoupled) {
        String op = "adam_update";
        DType t = ClBuffer.floating(param, op);
        cl.launch("update.cl", t, null, op).mem(ClBuffer.own(param, op)).ints(param.offset()).mem(ClBuffer.own(grad, op))
                .ints(grad.offset()).mem(ClBuffer.own(m, op)).ints(m.offset()).mem(ClBuffer.own(v, op)).ints(v.offset())
                .ints((int) param.numel()).real(t, lr).real(t, beta1).real(t, beta2).real(t, eps).real(t, weightDecay)
                .ints(decoupled ? 1 : 0).real(t, 1 - Math.pow(beta1, step)).real(t, 1 - Math.pow(beta2, step))
                .grid(param.numel());
    }

    /** Work-items per row: about four elements each, a power of two, at most the group. */
    static int lanes(int length, int local) {
        return Math.min(local, Integer.highestOneBit(Math.max(1, length / 4)));
    }

    static long groups(long rows, int lanes, int local) {
        return Math.min((rows * lanes + local - 1) / local, 4096);
    }
}
