package dev.nabla.cpu;

import dev.nabla.backend.MatrixBatch;

/**
 * Batched row-major GEMM {@code C_i = alpha * op(A_i) op(B_i) + beta * C_i} and its thread
 * partition. The partition is fixed by the shape alone: whole batch entries per thread when there
 * are enough of them, otherwise the larger of M and N cut on the micro-tile grid; k is never split,
 * so every element of C is computed by the same operations whatever the thread count.
 */
final class CpuGemm {
    /** Below this many multiply-adds a product runs on one thread. */
    private static final long PARALLEL_MIN = 1L << 20;

    /** One GEMM call's arguments. */
    static final class Problem {
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final double alpha;
        final double beta;
        final CpuBuffer a;
        final CpuBuffer b;
        final CpuBuffer c;
        final int aOffset;
        final int bOffset;
        final int cOffset;
        final int lda;
        final int ldb;
        final int ldc;
        final int aBatch;
        final int bBatch;
        final int cBatch;

        Problem(boolean transA, boolean transB, int m, int n, int k, double alpha, MatrixBatch a, MatrixBatch b,
                double beta, MatrixBatch c) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = (CpuBuffer) a.buffer();
            this.b = (CpuBuffer) b.buffer();
            this.c = (CpuBuffer) c.buffer();
            aOffset = a.offset();
            bOffset = b.offset();
            cOffset = c.offset();
            lda = a.ld();
            ldb = b.ld();
            ldc = c.ld();
            aBatch = a.batchStride();
            bBatch = b.batchStride();
            cBatch = c.batchStride();
        }
    }

    private CpuGemm() {
    }

    static void gemm(CpuThreads pool, int batch, Problem q) {
        if (batch <= 0 || q.m <= 0 || q.n <= 0) {
            return;
        }
        long work = (long) batch * q.m * q.n * Math.max(q.k, 1);
        int threads = work >= PARALLEL_MIN ? pool.size() : 1;
        if (threads > 1 && batch >= 2 * threads) {
            pool.run(threads, p -> {
                int end = CpuThreads.split(batch, threads, p + 1, 1);
                for (int t = CpuThreads.split(batch, threads, p, 1); t < end; t++) {
                    block(q, t, 0, q.m, 0, q.n);
                }
            });
            return;
        }
        for (int t = 0; t < batch; t++) {
            int entry = t;
            boolean splitRows = q.m >= q.n;
            int total = splitRows ? q.m : q.n;
            int grain = splitRows ? CpuGemmF32.MR : CpuGemmF32.NR;
            int parts = (int) Math.min(threads, (total + grain - 1) / grain);
            pool.run(parts, p -> {
                int from = CpuThreads.split(total, parts, p, grain);
                int to = CpuThreads.split(total, parts, p + 1, grain);
                if (splitRows) {
                    block(q, entry, from, to, 0, q.n);
                } else {
                    block(q, entry, 0, q.m, from, to);
                }
            });
        }
    }

    /** One batch entry's rows {@code [m0, m1)} and columns {@code [n0, n1)} on the calling thread. */
    static void block(Problem q, int t, int m0, int m1, int n0, int n1) {
        if (m0 >= m1 || n0 >= n1) {
            return;
        }
        if (q.k == 0) {
            scale(q, t, m0, m1, n0, n1);
        } else if (q.c.f != null) {
            CpuGemmF32.block(q, t, m0, m1, n0, n1);
        } else {
            blockF64(q, t, m0, m1, n0, n1);
        }
    }

    // k == 0: C = beta * C (or 0)
    private static void scale(Problem q, int t, int m0, int m1, int n0, int n1) {
        int c0 = q.cOffset + t * q.cBatch;
        for (int i = m0; i < m1; i++) {
            for (int j = n0; j < n1; j++) {
                int at = c0 + i * q.ldc + j;
                q.c.set(at, q.beta == 0 ? 0 : q.beta * q.c.get(at));
            }
        }
    }

    // float64: row by row with a k-ordered double accumulator, the reference's order of operations
    private static void blockF64(Problem q, int t, int m0, int m1, int n0, int n1) {
        double[] a = q.a.d;
        double[] b = q.b.d;
        double[] c = q.c.d;
        int a0 = q.aOffset + t * q.aBatch;
        int b0 = q.bOffset + t * q.bBatch;
        int c0 = q.cOffset + t * q.cBatch;
        int width = n1 - n0;
        double[] row = new double[width];
        for (int i = m0; i < m1; i++) {
            java.util.Arrays.fill(row, 0);
            for (int p = 0; p < q.k; p++) {
                double av = a[a0 + (q.transA ? p * q.lda + i : i * q.lda + p)];
                if (q.transB) {
                    for (int j = 0; j < width; j++) {
                        row[j] += av * b[b0 + (n0 + j) * q.ldb + p];
                    }
                } else {
                    int from = b0 + p * q.ldb + n0;
                    for (int j = 0; j < width; j++) {
                        row[j] += av * b[from + j];
                    }
                }
            }
            int ci = c0 + i * q.ldc + n0;
            for (int j = 0; j < width; j++) {
                c[ci + j] = q.beta == 0 ? q.alpha * row[j] : q.alpha * row[j] + q.beta * c[ci + j];
            }
        }
    }
}
