package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;

/**
 * SIMD float32 convolution weight gradient for stride 1 and one group, with no column matrix. Each
 * image is copied into zero-bordered planes of row length {@code wp}; output pixel (y, x) becomes
 * position q = y*wp + x, so tap t's input values for every q are one contiguous run of the planes
 * starting at a fixed offset. With the gradient's rows widened to wp by zeros, the transposed
 * weight gradient is then a GEMM, dW^T (taps x OC) += X (taps x q) * G^T (q x OC), whose A rows are
 * read in place ({@link CpuVecGemm#kernelRows}) and whose small B (the gradient) is packed per
 * slice of q. The zero columns add exact zeros (wp - OW of every wp products are wasted).
 */
final class CpuVecConvWeight {
    /** q positions per packed slice of the gradient: 16 KB per 16-channel strip, in L1. */
    private static final int KC = 256;

    private CpuVecConvWeight() {
    }

    /** Rows of one chunk's partial result: taps rounded up to the tile's 4. */
    static int taps(Conv2dGeometry g) {
        return (g.c() * g.kh() * g.kw() + CpuVecGemm.MR - 1) / CpuVecGemm.MR * CpuVecGemm.MR;
    }

    /** Columns of one chunk's partial result: output channels rounded up to the tile's width. */
    static int channels(int oc) {
        return (oc + CpuVecGemm.NR - 1) / CpuVecGemm.NR * CpuVecGemm.NR;
    }

    private static int paddedWidth(Conv2dGeometry g) {
        return g.w() + 2 * g.padW();
    }

    private static int paddedPlane(Conv2dGeometry g) {
        return (g.h() + 2 * g.padH()) * paddedWidth(g);
    }

    /** Scratch floats one thread needs: the bordered planes of one image, with room for the last tap's overrun. */
    static long planeScratch(Conv2dGeometry g) {
        return (long) g.c() * paddedPlane(g) + g.kw() * g.dilationW();
    }

    /** Scratch floats one thread needs for one packed slice of the gradient. */
    static long sliceScratch(int oc) {
        return (long) channels(oc) * KC;
    }

    /**
     * Images [n0, n1) of x (N,C,H,W) at x0 and grad (N,OC,OH,OW) at g0, both contiguous -> this
     * chunk's dW^T (taps(g) x channels(oc)) at p0, overwritten; rows and columns past the real taps and
     * channels hold garbage. {@code pad}, {@code slice} and {@code offs} are this thread's scratch.
     */
    static void chunk(Conv2dGeometry g, int oc, float[] x, int x0, float[] grad, int g0, int n0, int n1,
                      float[] partial, int p0, float[] pad, float[] slice, int[] offs) {
        int wp = paddedWidth(g);
        int plane = paddedPlane(g);
        int k = g.c() * g.kh() * g.kw();
        int kr = taps(g);
        int ocr = channels(oc);
        int oh = g.oh();
        int ow = g.ow();
        int q1 = oh * wp;
        CpuPlanes.tapOffsets(g, wp, plane, offs);
        java.util.Arrays.fill(pad, 0, (int) planeScratch(g), 0f);
        for (int n = n0; n < n1; n++) {
            CpuPlanes.copyImage(g, x, x0, n, pad, wp, plane);
            int gn = g0 + n * oc * oh * ow;
            for (int q0 = 0; q0 < q1; q0 += KC) {
                int kc = Math.min(KC, q1 - q0);
                packGradient(grad, gn, oc, ocr, oh, ow, wp, q0, kc, slice);
                boolean overwrite = n == n0 && q0 == 0;
                for (int t = 0; t < kr; t += CpuVecGemm.MR) {
                    // taps past k repeat the last one; their rows of the result are never read
                    int a0 = offs[Math.min(t, k - 1)] + q0;
                    int a1 = offs[Math.min(t + 1, k - 1)] + q0;
                    int a2 = offs[Math.min(t + 2, k - 1)] + q0;
                    int a3 = offs[Math.min(t + 3, k - 1)] + q0;
                    for (int s = 0; s < ocr; s += CpuVecGemm.NR) {
                        CpuVecGemm.kernelRows(kc, pad, a0, a1, a2, a3, slice, s * kc, partial, p0 + t * ocr + s,
                                ocr, overwrite);
                    }
                }
            }
        }
    }

    // grad positions [q0, q0+kc) of one image -> strips of NR channels, (kc, NR) each; zero past the
    // output row (x >= ow) and past the real channels
    private static void packGradient(float[] grad, int gn, int oc, int ocr, int oh, int ow, int wp, int q0, int kc,
                                     float[] out) {
        java.util.Arrays.fill(out, 0, ocr * kc, 0f);
        int nr = CpuVecGemm.NR;
        // output rows y whose positions [y*wp, y*wp+ow) meet the slice; no division per element
        int yEnd = Math.min(oh, (q0 + kc + wp - 1) / wp);
        for (int o = 0; o < oc; o++) {
            int strip = o / nr * kc * nr + o % nr;
            int src = gn + o * oh * ow;
            for (int y = q0 / wp; y < yEnd; y++) {
                int from = Math.max(0, q0 - y * wp);
                int to = Math.min(ow, q0 + kc - y * wp);
                for (int xx = from, at = strip + (y * wp + from - q0) * nr; xx < to; xx++, at += nr) {
                    out[at] = grad[src + y * ow + xx];
                }
            }
        }
    }
}
