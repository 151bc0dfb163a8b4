package dev.nabla.cuda;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.fused.BatchNormKernels;
import dev.nabla.backend.fused.BiasActivationKernels;
import dev.nabla.backend.fused.ConvKernels;
import dev.nabla.backend.fused.PoolKernels;
import dev.nabla.backend.fused.SoftmaxKernels;
import dev.nabla.backend.fused.UpdateKernels;
import dev.nabla.kernels.DeviceBuffer;
import dev.nabla.kernels.Im2colConv;
import dev.nabla.kernels.KernelLayout;
import dev.nabla.kernels.KernelTypes;
import dev.nabla.tensor.DType;

/**
 * The fused kernels of {@link CudaBackend}, with the same kernels and argument layouts as the OpenCL
 * backend: convolution as one im2col and one cuBLAS strided-batched GEMM per group ({@link Im2colConv}),
 * pooling, softmax and cross-entropy rows, batch norm, bias + activation and optimizer updates as single
 * kernels. Layouts as in {@code dev.nabla.backend.fused}.
 */
abstract class CudaFused implements Backend, ConvKernels, PoolKernels, SoftmaxKernels, BatchNormKernels, UpdateKernels,
        BiasActivationKernels {

    abstract CudaLaunch launch(String file, DType t, DType u, String name);

    abstract int multiprocessors();

    abstract void clearErrors();

    abstract CudaBuffer errors();

    abstract void checkErrors(String op, int size);

    @Override
    public void conv2dForward(Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias, Strided out) {
        Im2colConv.forward(this, g, groups, x, w, bias, out);
    }

    @Override
    public void conv2dBackwardData(Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        Im2colConv.backwardData(this, g, groups, grad, w, dx);
    }

    @Override
    public void conv2dBackwardWeight(Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        Im2colConv.backwardWeight(this, g, groups, x, grad, dw);
    }

    @Override
    public void maxPool2dForward(Conv2dGeometry g, Strided x, Strided out, Strided indices) {
        launch("conv", floating(x, "max_pool2d"), null, "max_pool2d_forward").ints(KernelLayout.geometry(g))
                .mem(own(x, "max_pool2d")).ints(x.offset()).mem(own(out, "max_pool2d")).ints(out.offset())
                .mem(own(indices, "max_pool2d")).ints(indices.offset()).grid(out.numel());
    }

    @Override
    public void maxPool2dBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        String op = "max_pool2d_backward";
        launch("conv", floating(grad, op), null, op).ints(KernelLayout.geometry(g)).mem(own(grad, op)).ints(grad.offset())
                .mem(own(indices, op)).ints(indices.offset()).mem(own(dx, op)).ints(dx.offset()).grid(dx.numel());
    }

    @Override
    public void avgPool2dForward(Conv2dGeometry g, boolean countIncludePad, Strided x, Strided out) {
        avgPool2d("avg_pool2d_forward", g, countIncludePad, x, out);
    }

    @Override
    public void avgPool2dBackward(Conv2dGeometry g, boolean countIncludePad, Strided grad, Strided dx) {
        avgPool2d("avg_pool2d_backward", g, countIncludePad, grad, dx);
    }

    /** avg_pool2d_forward (in = x, out) or avg_pool2d_backward (in = grad, out = dx). */
    private void avgPool2d(String kernel, Conv2dGeometry g, boolean countIncludePad, Strided in, Strided out) {
        launch("conv", floating(in, kernel), null, kernel).ints(KernelLayout.geometry(g)).ints(countIncludePad ? 1 : 0)
                .mem(own(in, kernel)).ints(in.offset()).mem(own(out, kernel)).ints(out.offset()).grid(out.numel());
    }

    // x, out (rows, cols)
    @Override
    public void softmax(Strided x, Strided out, boolean log) {
        int cols = x.shape()[x.rank() - 1];
        int rows = (int) (x.numel() / Math.max(cols, 1));
        CudaLaunch launch = launch("rows", floating(x, "softmax"), null, "softmax");
        int block = launch.treeBlock();
        int lanes = KernelLayout.lanes(cols, block);
        launch.mem(own(x, "softmax")).ints(x.offset()).mem(own(out, "softmax")).ints(out.offset()).ints(rows).ints(cols)
                .ints(lanes).ints(log ? 1 : 0).groups(CudaLaunch.rowBlocks(rows, lanes, block, multiprocessors()), block);
    }

    // logits (rows, cols), labels (rows) -> losses (rows)
    @Override
    public void crossEntropy(Strided logits, Strided labels, Strided losses) {
        int rows = logits.shape()[0];
        int cols = logits.shape()[1];
        String op = "cross_entropy";
        CudaLaunch launch = launch("rows", floating(logits, op), labels.buffer().dtype(), op);
        int block = launch.treeBlock();
        int lanes = KernelLayout.lanes(cols, block);
        clearErrors();
        launch.mem(own(logits, op)).ints(logits.offset()).mem(own(labels, op)).ints(labels.offset())
                .mem(own(losses, op)).ints(losses.offset()).ints(rows).ints(cols).ints(lanes).mem(errors())
                .groups(CudaLaunch.rowBlocks(rows, lanes, block, multiprocessors()), block);
        checkErrors(op, cols);
    }

    // x, out (N, C, S); gamma, beta, mean, invStd (C)
    @Override
    public void batchNormForward(Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean,
                                 Strided invStd) {
        String op = "batch_norm_forward";
        DType t = floating(x, op);
        CudaLaunch launch = launch("rows", t, null, op);
        int block = launch.treeBlock();
        launch.mem(own(x, op)).ints(x.offset()).mem(own(gamma, op)).ints(gamma.offset()).mem(own(beta, op))
                .ints(beta.offset()).mem(own(out, op)).ints(out.offset()).mem(own(mean, op)).ints(mean.offset())
                .mem(own(invStd, op)).ints(invStd.offset()).ints(x.shape()[0]).ints(x.shape()[1]).ints(x.shape()[2])
                .real(t, eps).groups(Math.min(x.shape()[1], 65535), block);
    }

    @Override
    public void batchNormBackward(Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd, Strided dx,
                                  Strided dgamma, Strided dbeta) {
        String op = "batch_norm_backward";
        CudaLaunch launch = launch("rows", floating(x, op), null, op);
        int block = launch.treeBlock();
        launch.mem(own(grad, op)).ints(grad.offset()).mem(own(x, op)).ints(x.offset()).mem(own(gamma, op))
                .ints(gamma.offset()).mem(own(mean, op)).ints(mean.offset()).mem(own(invStd, op)).ints(invStd.offset())
                .mem(own(dx, op)).ints(dx.offset()).mem(own(dgamma, op)).ints(dgamma.offset()).mem(own(dbeta, op))
                .ints(dbeta.offset()).ints(x.shape()[0]).ints(x.shape()[1]).ints(x.shape()[2])
                .groups(Math.min(x.shape()[1], 65535), block);
    }

    // x, out (N, C, S), bias (C)
    @Override
    public void biasActivation(Strided x, Strided bias, UnaryOp activation, double alpha, Strided out) {
        String op = "bias_activation";
        DType t = floating(x, op);
        launch("elementwise", t, null, op).mem(own(x, op)).ints(x.offset()).mem(own(bias, op)).ints(bias.offset())
                .mem(own(out, op)).ints(out.offset()).ints((int) x.numel()).ints(x.shape()[1])
                .ints(x.rank() > 2 ? x.shape()[2] : 1).ints(activation == null ? -1 : activation.ordinal()).real(t, alpha)
                .grid(x.numel());
    }

    @Override
    public void sgdUpdate(Strided param, Strided grad, Strided velocity, double lr, double momentum, double dampening,
                          double weightDecay, boolean nesterov, boolean firstStep) {
        String op = "sgd_update";
        DType t = floating(param, op);
        Strided v = velocity == null ? param : velocity;  // unused by the kernel when momentum == 0
        launch("update", t, null, op).mem(own(param, op)).ints(param.offset()).mem(own(grad, op)).ints(grad.offset())
                .mem(own(v, op)).ints(v.offset()).ints((int) param.numel()).real(t, lr).real(t, momentum)
                .real(t, dampening).real(t, weightDecay).ints(nesterov ? 1 : 0).ints(firstStep ? 1 : 0)
                .grid(param.numel());
    }

    @Override
    public void adamUpdate(Strided param, Strided grad, Strided m, Strided v, long step, double lr, double beta1,
                           double beta2, double eps, double weightDecay, boolean decoupled) {
        String op = "adam_update";
        DType t = floating(param, op);
        launch("update", t, null, op).mem(own(param, op)).ints(param.offset()).mem(own(grad, op)).ints(grad.offset())
                .mem(own(m, op)).ints(m.offset()).mem(own(v, op)).ints(v.offset()).ints((int) param.numel())
                .real(t, lr).real(t, beta1).real(t, beta2).real(t, eps).real(t, weightDecay).ints(decoupled ? 1 : 0)
                .real(t, 1 - Math.pow(beta1, step)).real(t, 1 - Math.pow(beta2, step)).grid(param.numel());
    }

    // ---- argument helpers ------------------------------------------------------------------------

    static DType floating(Strided view, String op) {
        return KernelTypes.floating("cuda", view, op);
    }

    static CudaBuffer own(Strided view, String op) {
        return own(view.buffer(), op);
    }

    /** This backend's live buffer, or a clear error for a foreign or released one. */
    static CudaBuffer own(Buffer buffer, String op) {
        return DeviceBuffer.own("cuda", CudaBuffer.class, buffer, op);
    }
}
