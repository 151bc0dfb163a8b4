package dev.nabla.cuda;

import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

import dev.nabla.backend.MatrixBatch;
import dev.nabla.tensor.DType;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;

/**
 * Row-major batched GEMM on column-major cuBLAS without copies. A row-major {@code r x c} matrix with
 * leading dimension {@code ld} is, byte for byte, the column-major {@code c x r} matrix (its transpose)
 * with the same {@code ld}. So {@code C = op(A) op(B)} (row-major) is computed as
 * {@code C^T = op(B)^T op(A)^T} (column-major): cuBLAS gets B first and A second with the same
 * transpose flags, and m and n swapped. Batch strides pass through unchanged (0 broadcasts one matrix).
 *
 * <pre>{@code
 * ColumnMajor c = CudaGemm.map(false, true, m, n, k, lda, strideA, ldb, strideB, ldc, strideC);
 * // cublasSgemmStridedBatched(h, c.transFirst, c.transSecond, c.m, c.n, c.k, alpha, B, c.ldFirst, c.strideFirst,
 * //                           A, c.ldSecond, c.strideSecond, beta, C, c.ldc, c.strideC, batch)
 * }</pre>
 */
final class CudaGemm {
    /**
     * The arguments of the column-major cuBLAS call: {@code first} is the row-major B operand and
     * {@code second} the row-major A operand.
     */
    record ColumnMajor(boolean transFirst, boolean transSecond, int m, int n, int k, int ldFirst, long strideFirst,
                       int ldSecond, long strideSecond, int ldc, long strideC) {
    }

    private final cublasHandle handle = new cublasHandle();

    CudaGemm(CudaDevice device) {
        device.enter();
        CudaErrors.cublas("cublasCreate", "opening " + device.name, null, () -> JCublas2.cublasCreate(handle));
        CudaErrors.cublas("cublasSetStream", "opening " + device.name, null,
                () -> JCublas2.cublasSetStream(handle, new cudaStream_t(device.stream)));
    }

    /** Maps row-major {@code C = alpha op(A) op(B) + beta C} (the {@link dev.nabla.backend.Backend#gemm} contract) to cuBLAS. */
    static ColumnMajor map(boolean transA, boolean transB, int m, int n, int k, int lda, long strideA, int ldb,
                           long strideB, int ldc, long strideC) {
        return new ColumnMajor(transB, transA, n, m, k,
                ld("B", transB ? n : k, transB ? k : n, ldb), strideB,
                ld("A", transA ? k : m, transA ? m : k, lda), strideA,
                ld("C", m, n, ldc), strideC);
    }

    /**
     * The leading dimension cuBLAS accepts for a row-major {@code rows x cols} matrix: {@code ld} itself,
     * except that a single row's {@code ld} is never read, so it is raised to what cuBLAS checks for.
     */
    static int ld(String operand, int rows, int cols, int ld) {
        if (rows <= 1) {
            return Math.max(Math.max(ld, cols), 1);
        }
        if (ld < Math.max(cols, 1)) {
            throw new IllegalArgumentException("cuda gemm: " + operand + " has " + rows + " rows of " + cols
                    + " elements but a leading dimension of " + ld + " (rows would overlap)");
        }
        return ld;
    }

    /** Runs the batched GEMM on the device's stream. */
    void run(int batch, boolean transA, boolean transB, int m, int n, int k, double alpha, MatrixBatch a, CudaBuffer ab,
             MatrixBatch b, CudaBuffer bb, double beta, MatrixBatch c, CudaBuffer cb) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        if (c.batchStride() == 0 && batch > 1) {
            // Every product lands in the same C: run them in order, as the reference does.
            for (int i = 0; i < batch; i++) {
                MatrixBatch ai = new MatrixBatch(a.buffer(), a.offset() + i * a.batchStride(), a.ld(), 0);
                MatrixBatch bi = new MatrixBatch(b.buffer(), b.offset() + i * b.batchStride(), b.ld(), 0);
                run(1, transA, transB, m, n, k, alpha, ai, ab, bi, bb, beta, c, cb);
            }
            return;
        }
        ColumnMajor g = map(transA, transB, m, n, k, a.ld(), a.batchStride(), b.ld(), b.batchStride(), c.ld(),
                c.batchStride());
        int opFirst = g.transFirst() ? CUBLAS_OP_T : CUBLAS_OP_N;
        int opSecond = g.transSecond() ? CUBLAS_OP_T : CUBLAS_OP_N;
        Pointer first = bb.at(b.offset());
        Pointer second = ab.at(a.offset());
        Pointer out = cb.at(c.offset());
        String shapes = "batch " + batch + ", " + m + "x" + k + " * " + k + "x" + n;
        if (cb.dtype() == DType.FLOAT32) {
            Pointer al = Pointer.to(new float[] {(float) alpha});
            Pointer be = Pointer.to(new float[] {(float) beta});
            CudaErrors.cublas("cublasSgemmStridedBatched", "gemm", shapes, () -> JCublas2.cublasSgemmStridedBatched(
                    handle, opFirst, opSecond, g.m(), g.n(), g.k(), al, first, g.ldFirst(), g.strideFirst(), second,
                    g.ldSecond(), g.strideSecond(), be, out, g.ldc(), g.strideC(), batch));
        } else {
            Pointer al = Pointer.to(new double[] {alpha});
            Pointer be = Pointer.to(new double[] {beta});
            CudaErrors.cublas("cublasDgemmStridedBatched", "gemm", shapes, () -> JCublas2.cublasDgemmStridedBatched(
                    handle, opFirst, opSecond, g.m(), g.n(), g.k(), al, first, g.ldFirst(), g.strideFirst(), second,
                    g.ldSecond(), g.strideSecond(), be, out, g.ldc(), g.strideC(), batch));
        }
    }
}
