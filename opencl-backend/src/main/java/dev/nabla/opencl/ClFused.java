package dev.nabla.opencl;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.kernels.KernelLayout;
import dev.nabla.tensor.DType;

/**
 * The fused kernels of {@link ClBackend} (convolution is {@link dev.nabla.kernels.Im2colConv}): pooling,
 * softmax and cross-entropy rows, batch norm, bias + activation and optimizer updates as single kernels.
 * Layouts as in {@code dev.nabla.backend.fused}.
 */
final class ClFused {
    private final ClBackend cl;

    ClFused(ClBackend cl) {
        this.cl = cl;
    }

    void maxPool2dForward(Conv2dGeometry g, Strided x, Strided out, Strided indices) {
        cl.launch("conv.cl", ClBuffer.floating(x, "max_pool2d"), null, "max_pool2d_forward").ints(KernelLayout.geometry(g))
                .mem(ClBuffer.own(x, "max_pool2d")).ints(x.offset()).mem(ClBuffer.own(out, "max_pool2d")).ints(out.offset())
                .mem(ClBuffer.own(indices, "max_pool2d")).ints(indices.offset()).grid(out.numel());
    }

    void maxPool2dBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        String op = "max_pool2d_backward";
        cl.launch("conv.cl", ClBuffer.floating(grad, op), null, op).ints(KernelLayout.geometry(g))
                .mem(ClBuffer.own(grad, op)).ints(grad.offset()).mem(ClBuffer.own(indices, op)).ints(indices.offset())
                .mem(ClBuffer.own(dx, op)).ints(dx.offset()).grid(dx.numel());
    }

    /** avg_pool2d_forward (in = x, out) or avg_pool2d_backward (in = grad, out = dx). */
    void avgPool2d(String kernel, Conv2dGeometry g, boolean countIncludePad, Strided in, Strided out) {
        cl.launch("conv.cl", ClBuffer.floating(in, kernel), null, kernel).ints(KernelLayout.geometry(g))
                .ints(countIncludePad ? 1 : 0).mem(ClBuffer.own(in, kernel)).ints(in.offset())
                .mem(ClBuffer.own(out, kernel)).ints(out.offset()).grid(out.numel());
    }

    // x, out (rows, cols)
    void softmax(Strided x, Strided out, boolean log) {
        int cols = x.shape()[x.rank() - 1];
        int rows = (int) (x.numel() / Math.max(cols, 1));
        ClLaunch launch = cl.launch("rows.cl", ClBuffer.floating(x, "softmax"), null, "softmax");
        int local = launch.localPow2();
        int lanes = KernelLayout.lanes(cols, local);
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
        int lanes = KernelLayout.lanes(cols, local);
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

    static long groups(long rows, int lanes, int local) {
        return Math.min((rows * lanes + local - 1) / local, 4096);
    }
}
