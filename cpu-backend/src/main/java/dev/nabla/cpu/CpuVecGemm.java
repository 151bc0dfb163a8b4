package dev.nabla.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD GEMM micro-kernel: a 4 x (2 vectors) tile of C held in 8 registers, updated with one
 * FMA per register per step of k from packed panels (A: 4 values per k, B: 2 vectors per k). Eight
 * accumulators cover the FMA latency of two pipes; measured with C2 on AVX2 (16 registers), 6 x 2
 * and 4 x 3 tiles spill and run at 40% of the 4 x 2 tile's speed.
 */
final class CpuVecGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;

    private CpuVecGemm() {
    }

    // packed a (kc, MR) at ao, packed b (kc, NR) at bo -> c (MR, NR) at co with row stride ldc:
    // c = alpha * a*b + beta * c (beta == 0 ignores c)
    static void kernel(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int pa = ao + p * MR;
            int pb = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector av = FloatVector.broadcast(S, a[pa]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[pa + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[pa + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[pa + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        store(c00, c01, c, co, alpha, beta);
        store(c10, c11, c, co + ldc, alpha, beta);
        store(c20, c21, c, co + 2 * ldc, alpha, beta);
        store(c30, c31, c, co + 3 * ldc, alpha, beta);
    }

    /**
     * The same tile with A read in place instead of packed: its 4 rows start at a0..a3 in {@code a}
     * and run along k (the convolution's weight gradient reads them straight from the bordered
     * input planes); c += a*b, or c = a*b when {@code overwrite}. A separate copy of the loop: one
     * kernel taking A's step along k as an argument made 1024^3 SGEMM 25% slower on one thread (31.3
     * against 24.9 ms), C2 no longer using constant offsets for A.
     */
    static void kernelRows(int kc, float[] a, int a0, int a1, int a2, int a3, float[] b, int bo, float[] c, int co,
                           int ldc, boolean overwrite) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int pb = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        float beta = overwrite ? 0f : 1f;
        store(c00, c01, c, co, 1f, beta);
        store(c10, c11, c, co + ldc, 1f, beta);
        store(c20, c21, c, co + 2 * ldc, 1f, beta);
        store(c30, c31, c, co + 3 * ldc, 1f, beta);
    }

    // the same rounding as CpuGemmF32.merge: alpha * acc first, then fma with beta * c
    private static void store(FloatVector v0, FloatVector v1, float[] c, int co, float alpha, float beta) {
        FloatVector r0 = v0.mul(alpha);
        FloatVector r1 = v1.mul(alpha);
        if (beta != 0) {
            FloatVector vb = FloatVector.broadcast(S, beta);
            r0 = FloatVector.fromArray(S, c, co).fma(vb, r0);
            r1 = FloatVector.fromArray(S, c, co + L).fma(vb, r1);
        }
        r0.intoArray(c, co);
        r1.intoArray(c, co + L);
    }
}
