package dev.nabla.cpu;

import java.util.Arrays;

/**
 * Single-threaded float32 GEMM on one block of C, in the loop order of BLIS/GotoBLAS: for each
 * NC-wide column panel and KC-deep slice, B is packed into NR-wide strips (kept in L1 by the
 * micro-kernel loop), then each MC-tall block of A is packed into MR-tall strips (kept in L2), and
 * the micro-kernel sweeps the tiles. Edge tiles are computed into a scratch tile with zero-padded
 * panels and merged with the same rounding, so an element's bits never depend on the block split.
 */
final class CpuGemmF32 {
    static final int MR = CpuSimd.ENABLED ? CpuVecGemm.MR : 4;
    static final int NR = CpuSimd.ENABLED ? CpuVecGemm.NR : 16;
    static final int KC = 256;
    static final int MC = MR * 32;
    static final int NC = NR * 64;

    /** Per-thread packing buffers, allocated once. */
    static final class Scratch {
        final float[] packA = new float[MC * KC];
        final float[] packB = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        final float[] acc = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private CpuGemmF32() {
    }

    /**
     * An implicit B: packs its rows [pc, pc+kc) x columns [jc, jc+nc) into NR-wide strips of (kc, NR)
     * at {@code out}, zero past nc, the way {@link #packB} does for a stored matrix.
     */
    interface PanelSource {
        void pack(int pc, int jc, int kc, int nc, float[] out);
    }

    /** Rows {@code [m0, m1)} and columns {@code [n0, n1)} of one product; m0 and n0 lie on the MR/NR grid. */
    static void block(CpuGemm.Problem q, int t, int m0, int m1, int n0, int n1) {
        block(q, t, m0, m1, n0, n1, null);
    }

    /** As {@link #block(CpuGemm.Problem, int, int, int, int, int)}, B packed by {@code source} when not null. */
    static void block(CpuGemm.Problem q, int t, int m0, int m1, int n0, int n1, PanelSource source) {
        Scratch s = SCRATCH.get();
        float[] a = q.a.f;
        float[] b = q.b.f;
        float[] c = q.c.f;
        int a0 = q.aOffset + t * q.aBatch;
        int b0 = q.bOffset + t * q.bBatch;
        int c0 = q.cOffset + t * q.cBatch;
        float alpha = (float) q.alpha;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < q.k; pc += KC) {
                int kc = Math.min(KC, q.k - pc);
                if (source != null) {
                    source.pack(pc, jc, kc, nc, s.packB);
                } else {
                    packB(q, b, b0, pc, jc, kc, nc, s.packB);
                }
                float beta = pc == 0 ? (float) q.beta : 1f;
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    packA(q, a, a0, ic, pc, mc, kc, s.packA);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int co = c0 + (ic + ir) * q.ldc + jc + jr;
                            int ao = ir * kc;
                            int bo = jr * kc;
                            if (rows == MR && cols == NR) {
                                kernel(kc, s.packA, ao, s.packB, bo, c, co, q.ldc, alpha, beta, s.acc);
                            } else {
                                kernel(kc, s.packA, ao, s.packB, bo, s.tile, 0, NR, 1f, 0f, s.acc);
                                merge(s.tile, rows, cols, c, co, q.ldc, alpha, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void kernel(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, float alpha,
                               float beta, float[] acc) {
        if (CpuSimd.ENABLED) {
            CpuVecGemm.kernel(kc, a, ao, b, bo, c, co, ldc, alpha, beta);
        } else {
            scalarKernel(kc, a, ao, b, bo, c, co, ldc, alpha, beta, acc);
        }
    }

    // Same arithmetic as the SIMD kernel (fma per k step, then alpha, then fma with beta); C2 vectorizes the j loops.
    private static void scalarKernel(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc,
                                     float alpha, float beta, float[] acc) {
        Arrays.fill(acc, 0f);
        for (int p = 0; p < kc; p++) {
            int pb = bo + p * NR;
            for (int r = 0; r < MR; r++) {
                float av = a[ao + p * MR + r];
                for (int j = 0; j < NR; j++) {
                    acc[r * NR + j] = Math.fma(av, b[pb + j], acc[r * NR + j]);
                }
            }
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) {
                float v = acc[r * NR + j] * alpha;
                int at = co + r * ldc + j;
                c[at] = beta != 0 ? Math.fma(c[at], beta, v) : v;
            }
        }
    }

    // beta tested outside the loops, so C2 can vectorize them (small layers make many edge tiles)
    private static void merge(float[] tile, int rows, int cols, float[] c, int co, int ldc, float alpha, float beta) {
        for (int r = 0; r < rows; r++) {
            int t = r * NR;
            int at = co + r * ldc;
            if (beta != 0) {
                for (int j = 0; j < cols; j++) {
                    c[at + j] = Math.fma(c[at + j], beta, tile[t + j] * alpha);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    c[at + j] = tile[t + j] * alpha;
                }
            }
        }
    }

    // op(B) rows [pc, pc+kc) x cols [jc, jc+nc) -> strips of (kc, NR), zero-padded past nc
    private static void packB(CpuGemm.Problem q, float[] b, int b0, int pc, int jc, int kc, int nc, float[] out) {
        if (!q.transB && CpuSimd.ENABLED) {
            // row by row: one sequential read of each row of B, and each strip row is one cache line;
            // strip by strip would read kc rows far apart per strip, which misses the prefetcher
            int full = nc - nc % NR;
            for (int p = 0, src = b0 + pc * q.ldb + jc; p < kc; p++, src += q.ldb) {
                for (int jr = 0; jr < full; jr += NR) {
                    CpuVecCopy.copy(b, src + jr, out, jr * kc + p * NR, NR);
                }
            }
            if (full < nc) {
                packBStrip(q, b, b0, pc, jc, kc, full, nc - full, out);
            }
            return;
        }
        for (int jr = 0; jr < nc; jr += NR) {
            packBStrip(q, b, b0, pc, jc, kc, jr, Math.min(NR, nc - jr), out);
        }
    }

    // the strip of op(B) columns [jc+jr, jc+jr+cols) -> out at jr*kc, zero-padded to NR
    private static void packBStrip(CpuGemm.Problem q, float[] b, int b0, int pc, int jc, int kc, int jr, int cols,
                                   float[] out) {
        int strip = jr * kc;
        if (!q.transB) {
            // short rows: a plain loop beats System.arraycopy's call overhead
            for (int p = 0; p < kc; p++) {
                int src = b0 + (pc + p) * q.ldb + jc + jr;
                int dst = strip + p * NR;
                for (int j = 0; j < cols; j++) {
                    out[dst + j] = b[src + j];
                }
                for (int j = cols; j < NR; j++) {
                    out[dst + j] = 0f;
                }
            }
        } else {
            // rows of the strip written in order (reading NR streams) rather than columns with
            // stride NR: the conv weight gradient (col^T as B) packs this way on every call
            int src = b0 + (jc + jr) * q.ldb + pc;
            for (int p = 0; p < kc; p++) {
                int dst = strip + p * NR;
                for (int j = 0; j < cols; j++) {
                    out[dst + j] = b[src + j * q.ldb + p];
                }
                for (int j = cols; j < NR; j++) {
                    out[dst + j] = 0f;
                }
            }
        }
    }

    // op(A) rows [ic, ic+mc) x cols [pc, pc+kc) -> strips of (kc, MR), zero-padded past mc
    private static void packA(CpuGemm.Problem q, float[] a, int a0, int ic, int pc, int mc, int kc, float[] out) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int strip = ir * kc;
            if (q.transA) {
                for (int p = 0; p < kc; p++) {
                    int src = a0 + (pc + p) * q.lda + ic + ir;
                    int dst = strip + p * MR;
                    for (int r = 0; r < MR; r++) {
                        out[dst + r] = r < rows ? a[src + r] : 0f;
                    }
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r >= rows) {
                        for (int p = 0; p < kc; p++) {
                            out[strip + p * MR + r] = 0f;
                        }
                        continue;
                    }
                    int src = a0 + (ic + ir + r) * q.lda + pc;
                    for (int p = 0; p < kc; p++) {
                        out[strip + p * MR + r] = a[src + p];
                    }
                }
            }
        }
    }
}
