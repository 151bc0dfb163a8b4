package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 direct convolution forward for stride 1, dilation 1, one group, with no column
 * matrix: each image is copied into zero-bordered planes, and a tile of 4 output channels x 2
 * vectors of one output row is accumulated tap by tap from unaligned row loads, a table giving each
 * tap's offset in the planes (2 loads and 4 weight broadcasts per 8 FMAs, the GEMM micro-kernel's
 * shape: with C2 on AVX2, 12 accumulators spill, and the flat tap loop ran LeNet-5's first layer in
 * 0.20 ms against 0.34 ms for nested channel/row/column loops). Used for layers with few output
 * channels, where an implicit GEMM's packed panels would be shared by too few rows. Each output's
 * sum runs in tap order, whatever the threads.
 */
final class CpuVecDirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int BLOCK = 2 * L;
    /** Output channels per tile. */
    static final int OC_BLOCK = 4;

    private CpuVecDirectConv() {
    }

    /** Whether this kernel handles the convolution. */
    static boolean applies(Conv2dGeometry g, int groups) {
        return groups == 1 && g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
                && g.ow() >= L;
    }

    private static int blocks(Conv2dGeometry g) {
        return (g.ow() + BLOCK - 1) / BLOCK;
    }

    /** Padded plane row length: room for every output tile's widest tap. */
    private static int paddedWidth(Conv2dGeometry g) {
        return Math.max(g.w() + 2 * g.padW(), blocks(g) * BLOCK + g.kw() - 1);
    }

    private static int paddedPlane(Conv2dGeometry g) {
        return (g.h() + 2 * g.padH()) * paddedWidth(g);
    }

    private static int roundedChannels(int oc) {
        return (oc + OC_BLOCK - 1) / OC_BLOCK * OC_BLOCK;
    }

    /** Floats of the packed weights for {@code oc} output channels. */
    static long packedSize(Conv2dGeometry g, int oc) {
        return (long) roundedChannels(oc) * g.c() * g.kh() * g.kw();
    }

    /**
     * Scratch floats one thread needs: the padded input planes of one image, then, when rows do not
     * end on a tile, one image's output rows rounded up to whole tiles.
     */
    static long scratch(Conv2dGeometry g, int oc) {
        long rows = g.ow() % BLOCK == 0 ? 0 : (long) roundedChannels(oc) * g.oh() * blocks(g) * BLOCK;
        return (long) g.c() * paddedPlane(g) + rows;
    }

    /**
     * Weights (OC, C, KH, KW) at w0 -> tiles of OC_BLOCK channels, (C*KH*KW, OC_BLOCK) each, the
     * last tile's missing channels zero.
     */
    static void packWeights(float[] w, int w0, int oc, int k, float[] out) {
        for (int o = 0; o < oc; o += OC_BLOCK) {
            for (int t = 0; t < k; t++) {
                for (int r = 0; r < OC_BLOCK; r++) {
                    out[o * k + t * OC_BLOCK + r] = o + r < oc ? w[w0 + (o + r) * k + t] : 0f;
                }
            }
        }
    }

    /**
     * Images [n0, n1) of x (N,C,H,W) contiguous at x0, weights packed by {@link #packWeights}, bias (OC) at b0 or null -> out (N,OC,OH,OW) contiguous at o0;
     * {@code pad} is this thread's scratch of {@link #scratch} floats, {@code offs} of C*KH*KW ints.
     */
    static void forward(Conv2dGeometry g, int oc, float[] x, int x0, float[] packed, float[] bias, int b0,
                        float[] out, int o0, int n0, int n1, float[] pad, int[] offs) {
        int wp = paddedWidth(g);
        int plane = paddedPlane(g);
        int planes = g.c() * plane;
        int taps = g.kh() * g.kw();
        int k = g.c() * taps;
        int oh = g.oh();
        int ow = g.ow();
        int blocks = blocks(g);
        int owp = blocks * BLOCK;
        boolean exact = owp == ow;
        CpuPlanes.tapOffsets(g, wp, plane, offs);
        java.util.Arrays.fill(pad, 0, planes, 0f);
        for (int n = n0; n < n1; n++) {
            CpuPlanes.copyImage(g, x, x0, n, pad, wp, plane);
            // rows that end on a tile are written in place; others go through scratch rows of owp
            float[] dst = exact ? out : pad;
            int dst0 = exact ? o0 + n * oc * oh * ow : planes;
            int cs = oh * owp;
            for (int o = 0; o < oc; o += OC_BLOCK) {
                int rows = Math.min(OC_BLOCK, oc - o);
                for (int y = 0; y < oh; y++) {
                    for (int xb = 0; xb < owp; xb += BLOCK) {
                        tile(offs, k, packed, o * k, rows, pad, y * wp + xb, dst, dst0 + o * cs + y * owp + xb, cs,
                                bias, b0 + o);
                    }
                }
            }
            if (!exact) {
                for (int r = 0; r < oc * oh; r++) {
                    CpuVecCopy.copy(pad, planes + r * owp, out, o0 + (n * oc * oh + r) * ow, ow);
                }
            }
        }
    }

    // OC_BLOCK output channels (packed weights at wo) x BLOCK outputs from plane offset base -> out at
    // `at`, channel stride cs; only the first `rows` channels are stored
    private static void tile(int[] offs, int k, float[] w, int wo, int rows, float[] pad, int base, float[] out,
                             int at, int cs, float[] bias, int bo) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        for (int t = 0; t < k; t++) {
            int row = base + offs[t];
            int wt = wo + t * OC_BLOCK;
            FloatVector u = FloatVector.fromArray(S, pad, row);
            FloatVector v = FloatVector.fromArray(S, pad, row + L);
            FloatVector s = FloatVector.broadcast(S, w[wt]);
            a0 = s.fma(u, a0);
            b0 = s.fma(v, b0);
            s = FloatVector.broadcast(S, w[wt + 1]);
            a1 = s.fma(u, a1);
            b1 = s.fma(v, b1);
            s = FloatVector.broadcast(S, w[wt + 2]);
            a2 = s.fma(u, a2);
            b2 = s.fma(v, b2);
            s = FloatVector.broadcast(S, w[wt + 3]);
            a3 = s.fma(u, a3);
            b3 = s.fma(v, b3);
        }
        store(a0, b0, out, at, bias, bo);
        if (rows > 1) {
            store(a1, b1, out, at + cs, bias, bo + 1);
        }
        if (rows > 2) {
            store(a2, b2, out, at + 2 * cs, bias, bo + 2);
        }
        if (rows > 3) {
            store(a3, b3, out, at + 3 * cs, bias, bo + 3);
        }
    }

    private static void store(FloatVector a, FloatVector b, float[] out, int at, float[] bias, int bo) {
        if (bias != null) {
            a = a.add(bias[bo]);
            b = b.add(bias[bo]);
        }
        a.intoArray(out, at);
        b.intoArray(out, at + L);
    }
}
