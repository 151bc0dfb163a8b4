package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 {@code C = alpha * A * B^T + beta * C} as dot products of rows, for a long inner
 * dimension and a small C: the convolution's weight gradient (grad rows times column-matrix rows,
 * both contiguous along the pixels). Nothing is packed; the packed GEMM would first have to
 * transpose the whole column matrix into panels, which cost more than the multiply for LeNet's
 * layers. A 4 x 2 block of C is accumulated at a time (six loads per eight FMAs); edge blocks
 * repeat the last row or column and store only the valid ones.
 */
final class CpuVecDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuVecDots() {
    }

    // a (m, k) row stride lda, b (n, k) row stride ldb -> c (m, n) row stride ldc; beta == 0 ignores c
    static void nt(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co,
                   int ldc, float alpha, float beta) {
        int kv = S.loopBound(k);
        for (int i = 0; i < m; i += 4) {
            int a0 = ao + i * lda;
            int a1 = ao + Math.min(i + 1, m - 1) * lda;
            int a2 = ao + Math.min(i + 2, m - 1) * lda;
            int a3 = ao + Math.min(i + 3, m - 1) * lda;
            int rows = Math.min(4, m - i);
            for (int j = 0; j < n; j += 2) {
                int b0 = bo + j * ldb;
                int b1 = bo + Math.min(j + 1, n - 1) * ldb;
                FloatVector c00 = FloatVector.zero(S);
                FloatVector c01 = c00;
                FloatVector c10 = c00;
                FloatVector c11 = c00;
                FloatVector c20 = c00;
                FloatVector c21 = c00;
                FloatVector c30 = c00;
                FloatVector c31 = c00;
                for (int p = 0; p < kv; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, b, b0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, b, b1 + p);
                    FloatVector y = FloatVector.fromArray(S, a, a0 + p);
                    c00 = y.fma(x0, c00);
                    c01 = y.fma(x1, c01);
                    y = FloatVector.fromArray(S, a, a1 + p);
                    c10 = y.fma(x0, c10);
                    c11 = y.fma(x1, c11);
                    y = FloatVector.fromArray(S, a, a2 + p);
                    c20 = y.fma(x0, c20);
                    c21 = y.fma(x1, c21);
                    y = FloatVector.fromArray(S, a, a3 + p);
                    c30 = y.fma(x0, c30);
                    c31 = y.fma(x1, c31);
                }
                int at = co + i * ldc + j;
                boolean two = j + 1 < n;
                put(c00, a, a0, b, b0, kv, k, c, at, alpha, beta);
                if (two) {
                    put(c01, a, a0, b, b1, kv, k, c, at + 1, alpha, beta);
                }
                if (rows > 1) {
                    put(c10, a, a1, b, b0, kv, k, c, at + ldc, alpha, beta);
                    if (two) {
                        put(c11, a, a1, b, b1, kv, k, c, at + ldc + 1, alpha, beta);
                    }
                }
                if (rows > 2) {
                    put(c20, a, a2, b, b0, kv, k, c, at + 2 * ldc, alpha, beta);
                    if (two) {
                        put(c21, a, a2, b, b1, kv, k, c, at + 2 * ldc + 1, alpha, beta);
                    }
                }
                if (rows > 3) {
                    put(c30, a, a3, b, b0, kv, k, c, at + 3 * ldc, alpha, beta);
                    if (two) {
                        put(c31, a, a3, b, b1, kv, k, c, at + 3 * ldc + 1, alpha, beta);
                    }
                }
            }
        }
    }

    // lanes summed, the scalar tail of k added, then c = alpha * sum + beta * c (the GEMM's rounding order)
    private static void put(FloatVector acc, float[] a, int ar, float[] b, int br, int kv, int k, float[] c, int at,
                            float alpha, float beta) {
        float sum = CpuVecOps.sumLanes(acc);
        for (int p = kv; p < k; p++) {
            sum = Math.fma(a[ar + p], b[br + p], sum);
        }
        float v = sum * alpha;
        c[at] = beta != 0 ? Math.fma(c[at], beta, v) : v;
    }
}
