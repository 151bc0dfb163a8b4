package dev.nabla.backend;

import dev.nabla.tensor.DType;

/**
 * A view of a backend that exposes only the required primitives, hiding every fused kernel, so
 * core runs its composites on it. The parity suite uses it to check both paths of each op;
 * users can use it to see what a backend's fused kernels are worth.
 *
 * <pre>{@code
 * Backend composites = PrimitivesOnly.of(Backends.get("cpu"));
 * }</pre>
 */
public final class PrimitivesOnly implements Backend {
    private final Backend inner;

    private PrimitivesOnly(Backend inner) {
        this.inner = inner;
    }

    /** {@code backend} without its fused kernels. */
    public static Backend of(Backend backend) {
        return backend instanceof PrimitivesOnly ? backend : new PrimitivesOnly(backend);
    }

    @Override
    public String name() {
        return inner.name() + "-primitives";
    }

    @Override
    public String description() {
        return inner.description() + " (primitives only)";
    }

    @Override
    public Buffer allocate(DType dtype, long length) {
        return inner.allocate(dtype, length);
    }

    @Override
    public void release(Buffer buffer) {
        inner.release(buffer);
    }

    @Override
    public void write(Buffer dst, long dstOffset, Object src, int srcOffset, int length) {
        inner.write(dst, dstOffset, src, srcOffset, length);
    }

    @Override
    public void read(Buffer src, long srcOffset, Object dst, int dstOffset, int length) {
        inner.read(src, srcOffset, dst, dstOffset, length);
    }

    @Override
    public void fill(Strided dst, double value) {
        inner.fill(dst, value);
    }

    @Override
    public void copy(Strided src, Strided dst) {
        inner.copy(src, dst);
    }

    @Override
    public MemoryStats memoryStats() {
        return inner.memoryStats();
    }

    @Override
    public void unary(UnaryOp op, double alpha, Strided x, Strided out) {
        inner.unary(op, alpha, x, out);
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        inner.binary(op, a, b, out);
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
        inner.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Strided x, int axis, Strided out) {
        inner.reduce(op, x, axis, out);
    }

    @Override
    public void gather(Strided x, int axis, Strided index, Strided out) {
        inner.gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Strided src, int axis, Strided index, Strided out) {
        inner.scatterAdd(src, axis, index, out);
    }

    @Override
    public void gemm(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha, MatrixBatch a,
                     MatrixBatch b, double beta, MatrixBatch c) {
        inner.gemm(batch, transA, transB, m, n, k, alpha, a, b, beta, c);
    }

    @Override
    public void im2col(Conv2dGeometry g, Strided x, double padValue, Strided col) {
        inner.im2col(g, x, padValue, col);
    }

    @Override
    public void col2im(Conv2dGeometry g, Strided col, Strided dx) {
        inner.col2im(g, col, dx);
    }

    @Override
    public void random(Distribution distribution, long seed, long counter, Strided out) {
        inner.random(distribution, seed, counter, out);
    }
}
