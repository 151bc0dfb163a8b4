package dev.nabla.cuda;

import static dev.nabla.kernels.KernelLayout.INDEX_RECORD_INTS;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

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
import dev.nabla.kernels.KernelLayout;
import dev.nabla.tensor.DType;
import jcuda.driver.CUdeviceptr;

/**
 * The CUDA backend: the kernels of nabla-kernels (compiled to PTX by nvcc at build time, JIT-compiled by
 * the driver for the GPU) and cuBLAS for matrix products, all queued in order on one stream, so calls
 * return as soon as they are queued and only {@link #read} (and the index checks of gather, scatterAdd
 * and crossEntropy) wait for the GPU. Memory comes from a caching allocator ({@link #memoryStats()}).
 * The fused kernels live in {@link CudaFused}.
 *
 * <pre>{@code
 * Backend cuda = Backends.get("cuda");            // or CudaBackend.create()
 * Tensor y = Tensor.on(cuda).randn(new Generator(1), 256, 256).matmul(w);
 * }</pre>
 */
public final class CudaBackend extends CudaFused implements Backend {
    final CudaDevice device;
    private final CudaModules modules;
    private final CudaAllocator<CUdeviceptr> allocator;
    private final CudaGemm gemm;
    private final CudaBuffer errors;

    private CudaBackend(CudaDevice device) {
        this.device = device;
        this.modules = new CudaModules(device);
        this.allocator = new CudaAllocator<>(device.memory());
        this.gemm = new CudaGemm(device);
        CUdeviceptr record = new CudaAllocator<>(device.memory()).acquire(4 * INDEX_RECORD_INTS);  // not in memoryStats
        this.errors = new CudaBuffer(record, DType.INT32, INDEX_RECORD_INTS);
    }

    /**
     * Opens the GPU chosen by {@code nabla.cuda.device} (default: device 0), or throws with the precise
     * reason this machine cannot run the backend (no driver, no GPU, no cuBLAS 12, driver too old, ...).
     */
    public static CudaBackend create() throws BackendUnavailableException {
        return new CudaBackend(CudaDevice.open());
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String description() {
        return device.name + " (sm_" + device.capability + ", " + device.multiprocessors + " SMs), "
                + (device.totalMemory >> 20) + " MiB, driver for CUDA " + CudaDevice.cudaVersion(device.driverVersion);
    }

    @Override
    public Buffer allocate(DType dtype, long length) {
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cuda allocate: " + length + " elements is outside [0, 2^31-1]");
        }
        long bytes = length * dtype.byteSize();
        CUdeviceptr ptr = allocator.acquire(bytes);
        if (ptr == null) {
            MemoryStats s = allocator.stats();
            throw new CudaException("cuMemAlloc", "CUDA_ERROR_OUT_OF_MEMORY", "allocate", length + " elements of "
                    + dtype.shortName() + " (" + CudaAllocator.sizeClass(bytes) + " bytes; " + s.inUse() + " bytes in use, "
                    + s.cached() + " cached, device has " + device.totalMemory + ")", null);
        }
        return new CudaBuffer(ptr, dtype, length);
    }

    @Override
    public void release(Buffer buffer) {
        CudaBuffer b = own(buffer, "release");
        b.markReleased();
        allocator.release(b.ptr, b.bytes());
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        CudaBuffer b = own(dst, "write");
        b.checkTransfer("cuda", src, dstOffset, srcOffset, length, "write");
        device.write(b, dstOffset, src, srcOffset, length, "write");
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        CudaBuffer b = own(src, "read");
        b.checkTransfer("cuda", dst, srcOffset, dstOffset, length, "read");
        device.read(b, srcOffset, dst, dstOffset, length, "read");
    }

    @Override
    public void fill(Strided dst, double value) {
        int[] layout = KernelLayout.of("cuda", "fill", dst.shape(), dst);
        launch("elementwise", dst.buffer().dtype(), null, "fill").mem(own(dst, "fill")).ints(layout)
                .real(dst.buffer().dtype(), value).grid(KernelLayout.count(layout));
    }

    @Override
    public void copy(Strided src, Strided dst) {
        int[] layout = KernelLayout.of("cuda", "copy", dst.shape(), src, dst);
        launch("copy", src.buffer().dtype(), dst.buffer().dtype(), "copy").mem(own(src, "copy")).mem(own(dst, "copy"))
                .ints(layout).grid(KernelLayout.count(layout));
    }

    @Override
    public MemoryStats memoryStats() {
        return allocator.stats();
    }

    @Override
    public void unary(UnaryOp op, double alpha, Strided x, Strided out) {
        DType t = floating(x, op.kernelName());
        int[] layout = KernelLayout.of("cuda", op.kernelName(), out.shape(), x, out);
        launch("elementwise", t, null, op.kernelName()).mem(own(x, "unary")).mem(own(out, "unary")).ints(layout)
                .real(t, alpha).grid(KernelLayout.count(layout));
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        int[] layout = KernelLayout.of("cuda", op.kernelName(), out.shape(), a, b, out);
        launch("elementwise", out.buffer().dtype(), null, op.kernelName()).mem(own(a, "binary")).mem(own(b, "binary"))
                .mem(own(out, "binary")).ints(layout).grid(KernelLayout.count(layout));
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
        int[] layout = KernelLayout.of("cuda", "where", out.shape(), cond, a, b, out);
        launch("select", out.buffer().dtype(), cond.buffer().dtype(), "where").mem(own(cond, "where"))
                .mem(own(a, "where")).mem(own(b, "where")).mem(own(out, "where")).ints(layout)
                .grid(KernelLayout.count(layout));
    }

    @Override
    public void reduce(ReduceOp op, Strided x, int axis, Strided out) {
        int len = x.shape()[axis];
        KernelLayout.checkBounds("cuda", op.kernelName(), x);
        Strided rows = new Strided(x.buffer(), x.offset(), out.shape(), x.strides());
        int[] layout = KernelLayout.of("cuda", op.kernelName(), out.shape(), rows, out);
        CudaLaunch launch = launch("reduce", x.buffer().dtype(), null, op.kernelName());
        int block = launch.treeBlock();
        int lanes = KernelLayout.lanes(len, block);
        launch.mem(own(x, "reduce")).mem(own(out, "reduce")).ints(layout).ints(len).ints(x.strides()[axis]).ints(lanes)
                .groups(CudaLaunch.rowBlocks(KernelLayout.count(layout), lanes, block, device.multiprocessors), block);
    }

    @Override
    public void gather(Strided x, int axis, Strided index, Strided out) {
        int[] strides = x.strides().clone();
        strides[axis] = 0;  // the kernel adds index * step along the axis
        KernelLayout.checkBounds("cuda", "gather", x);
        int[] layout = KernelLayout.of("cuda", "gather", out.shape(),
                new Strided(x.buffer(), x.offset(), out.shape(), strides), index, out);
        clearErrors();
        launch("select", x.buffer().dtype(), index.buffer().dtype(), "gather").mem(own(x, "gather"))
                .mem(own(index, "gather")).mem(own(out, "gather")).ints(layout).ints(x.shape()[axis])
                .ints(x.strides()[axis]).mem(errors).grid(KernelLayout.count(layout));
        checkErrors("gather", x.shape()[axis]);
    }

    @Override
    public void scatterAdd(Strided src, int axis, Strided index, Strided out) {
        int[] fibres = src.shape().clone();
        fibres[axis] = 1;
        KernelLayout.checkBounds("cuda", "scatter_add", out);
        int[] layout = KernelLayout.of("cuda", "scatter_add", fibres, src, index, out);
        clearErrors();
        launch("select", src.buffer().dtype(), index.buffer().dtype(), "scatter_add").mem(own(src, "scatter_add"))
                .mem(own(index, "scatter_add")).mem(own(out, "scatter_add")).ints(layout).ints(src.shape()[axis])
                .ints(src.strides()[axis]).ints(index.strides()[axis]).ints(out.shape()[axis]).ints(out.strides()[axis])
                .mem(errors).grid(KernelLayout.count(layout));
        checkErrors("scatter_add", out.shape()[axis]);
    }

    @Override
    public void gemm(int batch, boolean transA, boolean transB, int m, int n, int k,
                     double alpha, MatrixBatch a, MatrixBatch b, double beta, MatrixBatch c) {
        DType t = c.buffer().dtype();
        if (!t.isFloating() || a.buffer().dtype() != t || b.buffer().dtype() != t) {
            throw new IllegalArgumentException("cuda gemm: needs A, B and C of one float dtype, got "
                    + a.buffer().dtype().shortName() + ", " + b.buffer().dtype().shortName() + ", " + t.shortName());
        }
        gemm.run(batch, transA, transB, m, n, k, alpha, a, own(a.buffer(), "gemm"), b, own(b.buffer(), "gemm"), beta,
                c, own(c.buffer(), "gemm"));
    }

    @Override
    public void im2col(Conv2dGeometry g, Strided x, double padValue, Strided col) {
        DType t = floating(x, "im2col");
        int[] s = x.strides();
        launch("conv", t, null, "im2col").ints(KernelLayout.geometry(g)).mem(own(x, "im2col")).ints(x.offset())
                .ints(s[0]).ints(s[1]).ints(s[2]).ints(s[3]).real(t, padValue).mem(own(col, "im2col")).ints(col.offset())
                .grid((long) g.n() * g.colRows() * g.colCols());
    }

    @Override
    public void col2im(Conv2dGeometry g, Strided col, Strided dx) {
        int[] s = dx.strides();
        launch("conv", floating(dx, "col2im"), null, "col2im").ints(KernelLayout.geometry(g)).mem(own(col, "col2im"))
                .ints(col.offset()).mem(own(dx, "col2im")).ints(dx.offset()).ints(s[0]).ints(s[1]).ints(s[2]).ints(s[3])
                .grid((long) g.n() * g.c() * g.h() * g.w());
    }

    @Override
    public void random(Distribution distribution, long seed, long counter, Strided out) {
        int[] layout = KernelLayout.of("cuda", "random", out.shape(), out);
        String kernel = distribution == Distribution.UNIFORM ? "random_uniform" : "random_normal";
        launch("random", floating(out, kernel), null, kernel).mem(own(out, kernel)).ints(layout).i64(seed).i64(counter)
                .grid(KernelLayout.count(layout));
    }

    // ---- helpers shared with CudaFused ------------------------------------------------------------

    /** Starts a launch of kernel {@code name} of kernel file {@code file} built for types {@code t} and {@code u}. */
    @Override
    CudaLaunch launch(String file, DType t, DType u, String name) {
        return new CudaLaunch(device, modules, modules.function(file, t, u, name), name);
    }

    @Override
    int multiprocessors() {
        return device.multiprocessors;
    }

    /** Zeroes the index-error record that gather, scatter_add and cross_entropy write. */
    @Override
    void clearErrors() {
        device.enter();
        CudaErrors.driver("cuMemsetD32Async", "index check",
                () -> cuMemsetD32Async(errors.ptr, 0, INDEX_RECORD_INTS, device.stream));
    }

    @Override
    CudaBuffer errors() {
        return errors;
    }

    /** Waits for the GPU and throws if a kernel recorded an index outside {@code [0, size)}. */
    @Override
    void checkErrors(String op, int size) {
        int[] record = new int[INDEX_RECORD_INTS];
        device.read(errors, 0, record, 0, INDEX_RECORD_INTS, op);
        KernelLayout.checkIndexRecord(record, op, size);
    }
}
