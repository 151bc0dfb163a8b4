package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.MatrixBatch;

/**
 * Float32 convolution with stride 1 as an implicit GEMM, one image at a time: the image is copied
 * into zero-bordered planes of row length wp, output pixel (y, x) becomes position q = y*wp + x, and
 * tap t's inputs for every q are then one contiguous run of the planes from a fixed offset. The
 * GEMM out_z (OC x OH*wp) = W (OC x taps) * X (taps x OH*wp) packs its B panels straight from those
 * runs ({@link CpuGemmF32.PanelSource}), so no column matrix is written or read back, and the
 * micro-kernel runs on packed panels. Columns x >= OW of out_z are computed and dropped (wp - OW of
 * every wp). Backward-data with stride 1 is the same convolution of the bordered output gradient
 * with flipped weights whose channels are swapped ({@link #flippedWeights}).
 */
final class CpuImplicitConv {
    private CpuImplicitConv() {
    }

    private static int paddedWidth(Conv2dGeometry g) {
        return g.w() + 2 * g.padW();
    }

    private static int paddedPlane(Conv2dGeometry g) {
        return (g.h() + 2 * g.padH()) * paddedWidth(g);
    }

    // planes, then room for the last tap's run past them
    private static int planes(Conv2dGeometry g) {
        return g.c() * paddedPlane(g) + (g.kw() - 1) * g.dilationW();
    }

    /** Scratch floats one thread needs: the bordered planes of one image and its out_z. */
    static long scratch(Conv2dGeometry g, int oc) {
        return planes(g) + (long) oc * g.oh() * paddedWidth(g);
    }

    /**
     * Weights (OC, C, KH, KW) at w0 -> (C, OC*KH*KW) row-major at {@code out}: the weights of the
     * convolution that takes the output gradient (OC planes) to the input gradient (C planes).
     */
    static void flippedWeights(CpuBuffer w, int w0, int oc, int c, int taps, float[] out) {
        int k = oc * taps;
        for (int o = 0; o < oc; o++) {
            for (int ci = 0; ci < c; ci++) {
                int from = w0 + (o * c + ci) * taps;
                int to = ci * k + o * taps + taps - 1;
                for (int t = 0; t < taps; t++) {
                    out[to - t] = w.f[from + t];
                }
            }
        }
    }

    /**
     * Images [n0, n1) of x (N,C,H,W) contiguous at x0, weights (OC, C*KH*KW) row-major at w0, bias
     * (OC) at b0 or null -> out (N,OC,OH,OW) contiguous at o0, on this thread; {@code scratch} holds
     * {@link #scratch} floats, {@code offs} C*KH*KW ints.
     */
    static void forward(Conv2dGeometry g, int oc, float[] x, int x0, CpuBuffer w, int w0, float[] bias, int b0,
                        float[] out, int o0, int n0, int n1, CpuBuffer scratch, int[] offs) {
        int wp = paddedWidth(g);
        int plane = paddedPlane(g);
        int k = g.c() * g.kh() * g.kw();
        int oh = g.oh();
        int ow = g.ow();
        int q1 = oh * wp;
        int z0 = planes(g);
        float[] pad = scratch.f;
        CpuPlanes.tapOffsets(g, wp, plane, offs);
        java.util.Arrays.fill(pad, 0, z0, 0f);
        CpuGemmF32.PanelSource source = (pc, jc, kc, nc, panel) -> pack(pad, offs, pc, jc, kc, nc, panel);
        // B comes from the source; the matrix named in its place is never read
        CpuGemm.Problem q = new CpuGemm.Problem(false, false, oc, q1, k, 1, new MatrixBatch(w, w0, k, 0),
                new MatrixBatch(w, w0, k, 0), 0, new MatrixBatch(scratch, z0, q1, 0));
        for (int n = n0; n < n1; n++) {
            CpuPlanes.copyImage(g, x, x0, n, pad, wp, plane);
            CpuGemmF32.block(q, 0, 0, oc, 0, q1, source);
            for (int o = 0; o < oc; o++) {
                float b = bias == null ? 0f : bias[b0 + o];
                for (int y = 0; y < oh; y++) {
                    CpuVecCopy.copyPlus(pad, z0 + o * q1 + y * wp, out, o0 + ((n * oc + o) * oh + y) * ow, ow, b);
                }
            }
        }
    }

    // rows [pc, pc+kc) x positions [jc, jc+nc) of X -> strips of (kc, NR), zero past nc; row by row,
    // so each row's runs are read in order
    private static void pack(float[] pad, int[] offs, int pc, int jc, int kc, int nc, float[] out) {
        int nr = CpuGemmF32.NR;
        int full = nc - nc % nr;
        for (int p = 0; p < kc; p++) {
            int src = offs[pc + p] + jc;
            for (int jr = 0; jr < full; jr += nr) {
                CpuVecCopy.copy(pad, src + jr, out, jr * kc + p * nr, nr);
            }
            if (full < nc) {
                int dst = full * kc + p * nr;
                int cols = nc - full;
                for (int j = 0; j < cols; j++) {
                    out[dst + j] = pad[src + full + j];
                }
                for (int j = cols; j < nr; j++) {
                    out[dst + j] = 0f;
                }
            }
        }
    }
}
