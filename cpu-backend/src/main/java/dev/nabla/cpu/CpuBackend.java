package dev.nabla.cpu;

import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Buffer;
import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Distribution;
import dev.nabla.backend.HostArrays;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.MemoryAccounting;
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
import dev.nabla.tensor.DType;

/**
 * The fast CPU backend: Java arrays as buffers, SIMD kernels from {@code jdk.incubator.vector}
 * (scalar twins when the JVM lacks {@code --add-modules jdk.incubator.vector}), a packed and
 * register-blocked GEMM, and a fixed-partition thread pool sized by {@code nabla.cpu.threads}
 * (default: available processors). Results never depend on thread timing. Released arrays are
 * cached by size and reused (up to a quarter of the heap), so a warm training step allocates
 * almost nothing.
 *
 * <pre>{@code
 * Backend cpu = Backends.get("cpu");            // or new CpuBackend(2)
 * try (var scope = Backends.use(cpu)) {
 *     Tensor y = Tensor.randn(new Generator(1), 64, 784).matmul(w);
 * }
 * }</pre>
 */
public final class CpuBackend implements Backend, ConvKernels, PoolKernels, SoftmaxKernels, BatchNormKernels,
        UpdateKernels, BiasActivationKernels {
    private final MemoryAccounting memory = new MemoryAccounting();
    private final CpuThreads pool;
    private final CpuBufferCache cache = new CpuBufferCache(Runtime.getRuntime().maxMemory() / 4);

    /** A backend with {@code nabla.cpu.threads} threads (default: available processors). */
    public CpuBackend() {
        this(Integer.getInteger("nabla.cpu.threads", Runtime.getRuntime().availableProcessors()));
    }

    /** A backend with exactly {@code threads} threads (at least 1), the caller's included. */
    public CpuBackend(int threads) {
        pool = new CpuThreads(threads);
    }

    /** Whether the SIMD kernels run (false without {@code --add-modules jdk.incubator.vector}). */
    public static boolean simdEnabled() {
        return CpuSimd.ENABLED;
    }

    /** Threads used by parallel kernels. */
    public int threads() {
        return pool.size();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "Java CPU, " + CpuSimd.describe() + ", " + pool.size() + " threads";
    }

    @Override
    public Buffer allocate(DType dtype, long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cpu.allocate: " + length + " elements of " + dtype.shortName()
                    + " exceed a Java array");
        }
        memory.allocated(length * dtype.byteSize());
        CpuBuffer recycled = cache.take(dtype, (int) length);
        return recycled != null ? recycled : new CpuBuffer(dtype, (int) length);
    }

    @Override
    public void release(Buffer buffer) {
        CpuBuffer b = own(buffer, "release");
        b.released = true;
        memory.released(b.length() * b.dtype().byteSize());
        cache.give(b);
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        CpuBuffer b = own(dst, "write");
        System.arraycopy(HostArrays.require(src, b.dtype(), "write"), srcOffset, b.array(), Math.toIntExact(dstOffset), length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        CpuBuffer b = own(src, "read");
        System.arraycopy(b.array(), Math.toIntExact(srcOffset), HostArrays.require(dst, b.dtype(), "read"), dstOffset, length);
    }

    @Override
    public void fill(Strided dst, double value) {
        own(dst.buffer(), "fill");
        CpuElementwise.fill(pool, dst, value);
    }

    @Override
    public void copy(Strided src, Strided dst) {
        own(src.buffer(), "copy");
        own(dst.buffer(), "copy");
        CpuElementwise.copy(pool, src, dst);
    }

    @Override
    public MemoryStats memoryStats() {
        MemoryStats s = memory.stats();
        return new MemoryStats(s.inUse(), cache.cachedBytes(), s.peak(), s.liveBuffers());
    }

    @Override
    public void unary(UnaryOp op, double alpha, Strided x, Strided out) {
        own(x.buffer(), op.kernelName());
        own(out.buffer(), op.kernelName());
        CpuElementwise.unary(pool, op, alpha, x, out);
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        own(a.buffer(), op.kernelName());
        own(b.buffer(), op.kernelName());
        own(out.buffer(), op.kernelName());
        CpuElementwise.binary(pool, op, a, b, out);
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
        own(cond.buffer(), "where");
        own(a.buffer(), "where");
        own(b.buffer(), "where");
        own(out.buffer(), "where");
        CpuElementwise.where(pool, cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Strided x, int axis, Strided out) {
        own(x.buffer(), op.kernelName());
        own(out.buffer(), op.kernelName());
        CpuReduce.reduce(pool, op, x, axis, out);
    }

    @Override
    public void gather(Strided x, int axis, Strided index, Strided out) {
        own(x.buffer(), "gather");
        own(index.buffer(), "gather");
        own(out.buffer(), "gather");
        CpuIndexing.gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Strided src, int axis, Strided index, Strided out) {
        own(src.buffer(), "scatter_add");
        own(index.buffer(), "scatter_add");
        own(out.buffer(), "scatter_add");
        CpuIndexing.scatterAdd(src, axis, index, out);
    }

    @Override
    public void gemm(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha, MatrixBatch a,
                     MatrixBatch b, double beta, MatrixBatch c) {
        own(a.buffer(), "gemm");
        own(b.buffer(), "gemm");
        own(c.buffer(), "gemm");
        CpuGemm.gemm(pool, batch, new CpuGemm.Problem(transA, transB, m, n, k, alpha, a, b, beta, c));
    }

    @Override
    public void im2col(Conv2dGeometry g, Strided x, double padValue, Strided col) {
        own(x.buffer(), "im2col");
        own(col.buffer(), "im2col");
        CpuConv.im2col(pool, g, x, padValue, col);
    }

    @Override
    public void col2im(Conv2dGeometry g, Strided col, Strided dx) {
        own(col.buffer(), "col2im");
        own(dx.buffer(), "col2im");
        CpuConv.col2im(pool, g, col, dx);
    }

    @Override
    public void random(Distribution distribution, long seed, long counter, Strided out) {
        own(out.buffer(), "random");
        CpuIndexing.random(pool, distribution, seed, counter, out);
    }

    // ---- fused kernels ------------------------------------------------------------------

    @Override
    public void conv2dForward(Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias, Strided out) {
        CpuConv.forward(pool, g, groups, x, w, bias, out);
    }

    @Override
    public void conv2dBackwardData(Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        CpuConv.backwardData(pool, g, groups, grad, w, dx);
    }

    @Override
    public void conv2dBackwardWeight(Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        CpuConv.backwardWeight(pool, g, groups, x, grad, dw);
    }

    @Override
    public void maxPool2dForward(Conv2dGeometry g, Strided x, Strided out, Strided indices) {
        CpuPool.maxForward(pool, g, x, out, indices);
    }

    @Override
    public void maxPool2dBackward(Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        CpuPool.maxBackward(pool, g, grad, indices, dx);
    }

    @Override
    public void avgPool2dForward(Conv2dGeometry g, boolean countIncludePad, Strided x, Strided out) {
        CpuPool.avgForward(pool, g, countIncludePad, x, out);
    }

    @Override
    public void avgPool2dBackward(Conv2dGeometry g, boolean countIncludePad, Strided grad, Strided dx) {
        CpuPool.avgBackward(pool, g, countIncludePad, grad, dx);
    }

    @Override
    public void softmax(Strided x, Strided out, boolean log) {
        CpuRows.softmax(pool, x, out, log);
    }

    @Override
    public void crossEntropy(Strided logits, Strided labels, Strided losses) {
        CpuRows.crossEntropy(logits, labels, losses);
    }

    @Override
    public void batchNormForward(Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean,
                                 Strided invStd) {
        CpuNorm.forward(pool, x, gamma, beta, eps, out, mean, invStd);
    }

    @Override
    public void batchNormBackward(Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd,
                                  Strided dx, Strided dgamma, Strided dbeta) {
        CpuNorm.backward(pool, grad, x, gamma, mean, invStd, dx, dgamma, dbeta);
    }

    @Override
    public void biasActivation(Strided x, Strided bias, UnaryOp activation, double alpha, Strided out) {
        CpuRows.biasActivation(pool, x, bias, activation, alpha, out);
    }

    @Override
    public void sgdUpdate(Strided param, Strided grad, Strided velocity, double lr, double momentum, double dampening,
                          double weightDecay, boolean nesterov, boolean firstStep) {
        CpuUpdates.sgd(pool, param, grad, velocity, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    @Override
    public void adamUpdate(Strided param, Strided grad, Strided m, Strided v, long step, double lr, double beta1,
                           double beta2, double eps, double weightDecay, boolean decoupledWeightDecay) {
        CpuUpdates.adam(pool, param, grad, m, v, step, lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
    }

    private static CpuBuffer own(Buffer buffer, String op) {
        if (!(buffer instanceof CpuBuffer b)) {
            throw new IllegalArgumentException(op + ": buffer belongs to another backend ("
                    + (buffer == null ? "null" : buffer.getClass().getSimpleName()) + ")");
        }
        if (b.released) {
            throw new IllegalStateException(op + ": buffer was already released");
        }
        return b;
    }
}
