package dev.nabla.opencl;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BackendUnavailableException;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Distribution;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.MemoryStats;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.fused.BatchNormKernels;
import dev.nabla.backend.fused.BiasActivationKernels;
import dev.nabla.backend.fused.ConvKernels;
import dev.nabla.backend.fused.PoolKernels;
import dev.nabla.backend.fused.SoftmaxKernels;
import dev.nabla.backend.fused.UpdateKernels;
import dev.nabla.kernels.Im2colConv;
import dev.nabla.kernels.KernelLayout;
import dev.nabla.tensor.DType;
import org.jocl.CL;
import org.jocl.Pointer;

/**
 * The OpenCL backend: every primitive is a kernel of nabla-kernels, run on one device through an
 * in-order queue, so calls return as soon as they are queued and only {@link #read} (and the index
 * checks of gather, scatterAdd and crossEntropy) wait for the device. Memory comes from a caching
 * allocator ({@link #memoryStats()}). float64 needs a device with {@code cl_khr_fp64}.
 *
 * <pre>{@code
 * Backend cl = Backends.get("opencl");            // or ClBackend.create()
 * Tensor y = Tensor.on(cl).randn(new Generator(1), 256, 256).matmul(w);
 * }</pre>
 */
public final class ClBackend implements Backend, ConvKernels, PoolKernels, SoftmaxKernels, BatchNormKernels,
        UpdateKernels, BiasActivationKernels {
    private final ClDevice device;
    private final ClPrograms programs;
    private final ClAllocator allocator;
    private final ClIndexCheck indexCheck;
    private final ClFused fused;

    private ClBackend(ClDevice device) {
        this.device = device;
        this.programs = new ClPrograms(device);
        this.allocator = new ClAllocator(device);
        this.indexCheck = new ClIndexCheck(device);
        this.fused = new ClFused(this);
    }

    /** Opens the device chosen by {@code nabla.opencl.device} (GPUs first), or says why it cannot. */
    public static ClBackend create() throws BackendUnavailableException {
        return new ClBackend(ClDevice.find());
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        return device.name + " (" + (device.isGpu() ? "GPU" : "CPU") + ", " + device.platformName + "), "
                + (device.globalMemory >> 20) + " MiB" + (device.fp64 ? "" : ", no float64");
    }

    /** True when the device is a GPU or accelerator. */
    public boolean onGpu() {
        return device.isGpu();
    }

    @Override
    public Buffer allocate(DType dtype, long length) {
        if (dtype == DType.FLOAT64 && !device.fp64) {
            throw new UnsupportedOperationException("opencl: " + device.name + " lacks cl_khr_fp64, so float64 is unavailable");
        }
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("opencl allocate: " + length + " elements is outside [0, 2^31-1]");
        }
        return allocator.allocate(dtype, length);
    }

    @Override
    public void release(Buffer buffer) {
        allocator.release(ClBuffer.own(buffer, "release"));
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        ClBuffer b = ClBuffer.own(dst, "write");
        Pointer host = b.host(src, dstOffset, srcOffset, length, "write");
        int size = b.dtype().byteSize();
        ClErrors.check(CL.clEnqueueWriteBuffer(device.queue(), b.mem, true, dstOffset * size, (long) length * size,
                host, 0, null, null), "clEnqueueWriteBuffer", "write");
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        ClBuffer b = ClBuffer.own(src, "read");
        Pointer host = b.host(dst, srcOffset, dstOffset, length, "read");
        int size = b.dtype().byteSize();
        ClErrors.check(CL.clEnqueueReadBuffer(device.queue(), b.mem, true, srcOffset * size, (long) length * size,
                host, 0, null, null), "clEnqueueReadBuffer", "read");
    }

    @Override
    public void fill(Strided dst, double value) {
        int[] layout = KernelLayout.of("opencl", "fill", dst.shape(), dst);
        launch("elementwise.cl", dst.buffer().dtype(), null, "fill").mem(ClBuffer.own(dst, "fill")).ints(layout)
                .real(dst.buffer().dtype(), value).grid(KernelLayout.count(layout));
    }

    @Override
    public void copy(Strided src, Strided dst) {
        int[] layout = KernelLayout.of("opencl", "copy", dst.shape(), src, dst);
        launch("copy.cl", src.buffer().dtype(), dst.buffer().dtype(), "copy").mem(ClBuffer.own(src, "copy")).mem(ClBuffer.own(dst, "copy"))
                .ints(layout).grid(KernelLayout.count(layout));
    }

    @Override
    public MemoryStats memoryStats() {
        return allocator.stats();
    }

    @Override
    public void unary(UnaryOp op, double alpha, Strided x, Strided out) {
        DType t = ClBuffer.floating(x, op.kernelName());
        int[] layout = KernelLayout.of("opencl", op.kernelName(), out.shape(), x, out);
        launch("elementwise.cl", t, null, op.kernelName()).mem(ClBuffer.own(x, "unary")).mem(ClBuffer.own(out, "unary")).ints(layout)
                .real(t, alpha).grid(KernelLayout.count(layout));
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        int[] layout = KernelLayout.of("opencl", op.kernelName(), out.shape(), a, b, out);
        launch("elementwise.cl", out.buffer().dtype(), null, op.kernelName()).mem(ClBuffer.own(a, "binary")).mem(ClBuffer.own(b, "binary"))
                .mem(ClBuffer.own(out, "binary")).ints(layout).grid(KernelLayout.count(layout));
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
        int[] layout = KernelLayout.of("opencl", "where", out.shape(), cond, a, b, out);
        launch("select.cl", out.buffer().dtype(), cond.buffer().dtype(), "where").mem(ClBuffer.own(cond, "where"))
                .mem(ClBuffer.own(a, "where")).mem(ClBuffer.own(b, "where")).mem(ClBuffer.own(out, "where")).ints(layout)
                .grid(KernelLayout.count(layout));
    }

    @Override
    public void reduce(ReduceOp op, Strided x, int axis, Strided out) {
        int len = x.shape()[axis];
        KernelLayout.checkBounds("opencl", op.kernelName(), x);
        Strided rows = new Strided(x.buffer(), x.offset(), out.shape(), x.strides());
        int[] layout = KernelLayout.of("opencl", op.kernelName(), out.shape(), rows, out);
        ClLaunch launch = launch("reduce.cl", x.buffer().dtype(), null, op.kernelName());
        int local = launch.localPow2();
        int lanes = KernelLayout.lanes(len, local);
        launch.mem(ClBuffer.own(x, "reduce")).mem(ClBuffer.own(out, "reduce")).ints(layout).ints(len).ints(x.strides()[axis]).ints(lanes)
                .groups(ClFused.groups(KernelLayout.count(layout), lanes, local), local);
    }

    @Override
    public void gather(Strided x, int axis, Strided index, Strided out) {
        int[] strides = x.strides().clone();
        strides[axis] = 0;  // the kernel adds index * step along the axis
        KernelLayout.checkBounds("opencl", "gather", x);
        int[] layout = KernelLayout.of("opencl", "gather", out.shape(),
                new Strided(x.buffer(), x.offset(), out.shape(), strides), index, out);
        indexCheck.clear();
        launch("select.cl", x.buffer().dtype(), index.buffer().dtype(), "gather").mem(ClBuffer.own(x, "gather"))
                .mem(ClBuffer.own(index, "gather")).mem(ClBuffer.own(out, "gather")).ints(layout).ints(x.shape()[axis])
                .ints(x.strides()[axis]).mem(indexCheck.record()).grid(KernelLayout.count(layout));
        indexCheck.check("gather", x.shape()[axis]);
    }

    @Override
    public void scatterAdd(Strided src, int axis, Strided index, Strided out) {
        int[] fibres = src.shape().clone();
        fibres[axis] = 1;
        KernelLayout.checkBounds("opencl", "scatter_add", out);
        int[] layout = KernelLayout.of("opencl", "scatter_add", fibres, src, index, out);
        indexCheck.clear();
        launch("select.cl", src.buffer().dtype(), index.buffer().dtype(), "scatter_add").mem(ClBuffer.own(src, "scatter_add"))
                .mem(ClBuffer.own(index, "scatter_add")).mem(ClBuffer.own(out, "scatter_add")).ints(layout).ints(src.shape()[axis])
                .ints(src.strides()[axis]).ints(index.strides()[axis]).ints(out.shape()[axis]).ints(out.strides()[axis])
                .mem(indexCheck.record()).grid(KernelLayout.count(layout));
        indexCheck.check("scatter_add", out.shape()[axis]);
    }

    @Override
    public void gemm(int batch, boolean transA, boolean transB, int m, int n, int k,
                     double alpha, MatrixBatch a, MatrixBatch b, double beta, MatrixBatch c) {
        DType t = c.buffer().dtype();
        if (!t.isFloating()) {
            throw new IllegalArgumentException("opencl gemm: needs a float dtype, got " + t.shortName());
        }
        // GPUs get the local-memory tiles; CPU compilers vectorise the direct kernel's work-item loop better
        // (measured on PoCL: 2.4x at 256, equal at 1024). nabla.opencl.gemm=tiled|direct overrides.
        boolean tiled = System.getProperty("nabla.opencl.gemm", device.isGpu() ? "tiled" : "direct").equals("tiled");
        ClLaunch launch = launch("gemm.cl", t, null, tiled ? "gemm" : "gemm_direct");
        if (tiled && launch.localPow2() < 256) {
            launch.run(null, null, true);
            throw new UnsupportedOperationException("opencl gemm: the 64x64 tile kernel needs work-groups of 256 on "
                    + device.name);
        }
        long[] global = tiled ? new long[] {(n + 63) / 64 * 16L, (m + 63) / 64 * 16L, batch}
                : new long[] {(n + 63) / 64 * 64L, (m + 7) / 8, batch};
        launch.ints(m).ints(n).ints(k).ints(transA ? 1 : 0).ints(transB ? 1 : 0).real(t, alpha).real(t, beta)
                .mem(ClBuffer.own(a.buffer(), "gemm")).ints(a.offset()).ints(a.ld()).ints(a.batchStride())
                .mem(ClBuffer.own(b.buffer(), "gemm")).ints(b.offset()).ints(b.ld()).ints(b.batchStride())
                .mem(ClBuffer.own(c.buffer(), "gemm")).ints(c.offset()).ints(c.ld()).ints(c.batchStride())
                .run(global, tiled ? new long[] {16, 16, 1} : new long[] {64, 1, 1}, batch == 0 || m == 0 || n == 0);
    }

    @Override
    public void im2col(Conv2dGeometry g, Strided x, double padValue, Strided col) {
        DType t = ClBuffer.floating(x, "im2col");
        int[] s = x.strides();
        launch("conv.cl", t, null, "im2col").ints(KernelLayout.geometry(g)).mem(ClBuffer.own(x, "im2col")).ints(x.offset())
                .ints(s[0]).ints(s[1]).ints(s[2]).ints(s[3]).real(t, padValue).mem(ClBuffer.own(col, "im2col")).ints(col.offset())
                .grid((long) g.n() * g.colRows() * g.colCols());
    }

    @Override
    public void col2im(Conv2dGeometry g, Strided col, Strided dx) {
        int[] s = dx.strides();
        launch("conv.cl", ClBuffer.floating(dx, "col2im"), null, "col2im").ints(KernelLayout.geometry(g)).mem(ClBuffer.own(col, "col2im"))
                .ints(col.offset()).mem(ClBuffer.own(dx, "col2im")).ints(dx.offset()).ints(s[0]).ints(s[1]).ints(s[2]).ints(s[3])
                .grid((long) g.n() * g.c() * g.h() * g.w());
    }

    @Override
    public void random(Distribution distribution, long seed, long counter, Strided out) {
        int[] layout = KernelLayout.of("opencl", "random", out.shape(), out);
        String kernel = distribution == Distribution.UNIFORM ? "random_uniform" : "random_normal";
        launch("random.cl", ClBuffer.floating(out, kernel), null, kernel).mem(ClBuffer.own(out, kernel)).ints(layout).i64(seed).i64(counter)
                .grid(KernelLayout.count(layout));
    }

    // ---- fused kernels (Im2colConv, ClFused) ------------------------------------------------------------

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
        fused.maxPool2dForward(g, x, out, indices);
    }

    @Override
    public void maxPool2dBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        fused.maxPool2dBackward(g, grad, indices, dx);
    }

    @Override
    public void avgPool2dForward(Conv2dGeometry g, boolean countIncludePad, Strided x, Strided out) {
        fused.avgPool2d("avg_pool2d_forward", g, countIncludePad, x, out);
    }

    @Override
    public void avgPool2dBackward(Conv2dGeometry g, boolean countIncludePad, Strided grad, Strided dx) {
        fused.avgPool2d("avg_pool2d_backward", g, countIncludePad, grad, dx);
    }

    @Override
    public void softmax(Strided x, Strided out, boolean log) {
        fused.softmax(x, out, log);
    }

    @Override
    public void crossEntropy(Strided logits, Strided labels, Strided losses) {
        fused.crossEntropy(logits, labels, losses);
    }

    @Override
    public void batchNormForward(Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean,
                                 Strided invStd) {
        fused.batchNormForward(x, gamma, beta, eps, out, mean, invStd);
    }

    @Override
    public void batchNormBackward(Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd,
                                  Strided dx, Strided dgamma, Strided dbeta) {
        fused.batchNormBackward(grad, x, gamma, mean, invStd, dx, dgamma, dbeta);
    }

    @Override
    public void biasActivation(Strided x, Strided bias, UnaryOp activation, double alpha, Strided out) {
        fused.biasActivation(x, bias, activation, alpha, out);
    }

    @Override
    public void sgdUpdate(Strided param, Strided grad, Strided velocity, double lr, double momentum, double dampening,
                          double weightDecay, boolean nesterov, boolean firstStep) {
        fused.sgdUpdate(param, grad, velocity, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamUpdate(Strided param, Strided grad, Strided m, Strided v, long step, double lr, double beta1,
                           double beta2, double eps, double weightDecay, boolean decoupledWeightDecay) {
        fused.adamUpdate(param, grad, m, v, step, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    // ---- helpers shared with ClFused ------------------------------------------------------------

    /** Starts a launch of kernel {@code name} of {@code file} built for types {@code t} and {@code u}. */
    ClLaunch launch(String file, DType t, DType u, String name) {
        return new ClLaunch(device, programs, programs.kernel(file, t, u, name), name);
    }

    ClPrograms programs() {
        return programs;
    }

    ClIndexCheck indexCheck() {
        return indexCheck;
    }
}
