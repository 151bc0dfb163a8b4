package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 direct convolution for stride 1 and one group, with no column matrix. Each image is
 * copied into zero-bordered planes ({@link CpuPlanes}) of row length wp; output position q = y*wp + x
 * reads tap t at {@code q + offset[t]}, so a tile of consecutive positions is accumulated tap by tap
 * from unaligned loads, a table giving each tap's offset, and one loop runs over all taps. Positions
 * x >= OW are computed and dropped when the rows are copied out (wp - OW of every wp). Tiles hold 8
 * accumulators, the GEMM micro-kernel's count (with C2 on AVX2, 12 spill): 4 channels x 2 vectors
 * (2 loads and 4 weight broadcasts per 8 FMAs), or 2 channels x 4 vectors when the channel count is
 * even but not a multiple of 4 (LeNet-5's 6 channels, whose 4-channel tiles would be a quarter
 * empty). The flat tap loop ran LeNet-5's first layer in 0.20 ms against 0.34 ms for nested
 * channel/row/column loops. Used for layers with few channels, where an implicit GEMM's packed
 * panels would be shared by too few rows; each output's sum runs in tap order, whatever the threads.
 */
final class CpuVecDirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private CpuVecDirectConv() {
    }

    /** Output channels per tile: 2 for an even count that 4 does not divide, else 4. */
    static int tileChannels(int oc) {
        return oc % 4 != 0 && oc % 2 == 0 ? 2 : 4;
    }

    // positions per tile: the tile's 8 accumulators spread over its channels
    private static int tileWidth(int oc) {
        return 8 / tileChannels(oc) * L;
    }

    private static int roundedChannels(int oc) {
        int r = tileChannels(oc);
        return (oc + r - 1) / r * r;
    }

    private static int paddedWidth(Conv2dGeometry g) {
        return g.w() + 2 * g.padW();
    }

    private static int paddedPlane(Conv2dGeometry g) {
        return (g.h() + 2 * g.padH()) * paddedWidth(g);
    }

    // positions computed: OH rows of wp, rounded up to whole tiles
    private static int positions(Conv2dGeometry g, int oc) {
        int width = tileWidth(oc);
        return (g.oh() * paddedWidth(g) + width - 1) / width * width;
    }

    // the planes, with room for the last tile's loads past them
    private static int planes(Conv2dGeometry g, int oc) {
        return g.c() * paddedPlane(g) + positions(g, oc) - g.oh() * paddedWidth(g) + (g.kw() - 1) * g.dilationW();
    }

    /** Floats of the packed weights for {@code oc} output channels. */
    static long packedSize(Conv2dGeometry g, int oc) {
        return (long) roundedChannels(oc) * g.c() * g.kh() * g.kw();
    }

    /** Scratch floats one thread needs: the bordered planes of one image and its computed positions. */
    static long scratch(Conv2dGeometry g, int oc) {
        return planes(g, oc) + (long) roundedChannels(oc) * positions(g, oc);
    }

    /**
     * Weights (OC, k) row-major at w0 -> tiles of {@link #tileChannels} channels, (k, channels) each,
     * the last tile's missing channels zero.
     */
    static void packWeights(float[] w, int w0, int oc, int k, float[] out) {
        int rows = tileChannels(oc);
        for (int o = 0; o < oc; o += rows) {
            for (int t = 0; t < k; t++) {
                for (int r = 0; r < rows; r++) {
                    out[o * k + t * rows + r] = o + r < oc ? w[w0 + (o + r) * k + t] : 0f;
                }
            }
        }
    }

    /**
     * Images [n0, n1) of x (N,C,H,W) contiguous at x0, weights packed by {@link #packWeights}, bias
     * (OC) at b0 or null -> out (N,OC,OH,OW) contiguous at o0; {@code pad} is this thread's scratch of
     * {@link #scratch} floats, {@code offs} of C*KH*KW ints.
     */
    static void forward(Conv2dGeometry g, int oc, float[] x, int x0, float[] packed, float[] bias, int b0,
                        float[] out, int o0, int n0, int n1, float[] pad, int[] offs) {
        int wp = paddedWidth(g);
        int plane = paddedPlane(g);
        int k = g.c() * g.kh() * g.kw();
        int oh = g.oh();
        int ow = g.ow();
        int rows = tileChannels(oc);
        int width = tileWidth(oc);
        int q1 = positions(g, oc);
        int z0 = planes(g, oc);
        CpuPlanes.tapOffsets(g, wp, plane, offs);
        java.util.Arrays.fill(pad, 0, z0, 0f);
        for (int n = n0; n < n1; n++) {
            CpuPlanes.copyImage(g, x, x0, n, pad, wp, plane);
            for (int o = 0; o < oc; o += rows) {
                for (int q = 0; q < q1; q += width) {
                    if (rows == 4) {
                        tile4(offs, k, packed, o * k, pad, q, pad, z0 + o * q1 + q, q1);
                    } else {
                        tile2(offs, k, packed, o * k, pad, q, pad, z0 + o * q1 + q, q1);
                    }
                }
            }
            for (int o = 0; o < oc; o++) {
                float b = bias == null ? 0f : bias[b0 + o];
                for (int y = 0; y < oh; y++) {
                    CpuVecCopy.copyPlus(pad, z0 + o * q1 + y * wp, out, o0 + ((n * oc + o) * oh + y) * ow, ow, b);
                }
            }
        }
    }

    // 4 channels (packed weights at wo) x 2 vectors of positions from base -> z at `at`, channel stride cs
    private static void tile4(int[] offs, int k, float[] w, int wo, float[] pad, int base, float[] z, int at,
                              int cs) {
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
            int wt = wo + t * 4;
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
        a0.intoArray(z, at);
        b0.intoArray(z, at + L);
        a1.intoArray(z, at + cs);
        b1.intoArray(z, at + cs + L);
        a2.intoArray(z, at + 2 * cs);
        b2.intoArray(z, at + 2 * cs + L);
        a3.intoArray(z, at + 3 * cs);
        b3.intoArray(z, at + 3 * cs + L);
    }

    // 2 channels x 4 vectors of positions, as tile4
    private static void tile2(int[] offs, int k, float[] w, int wo, float[] pad, int base, float[] z, int at,
                              int cs) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector c0 = a0;
        FloatVector d0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector c1 = a0;
        FloatVector d1 = a0;
        for (int t = 0; t < k; t++) {
            int row = base + offs[t];
            int wt = wo + t * 2;
            FloatVector u = FloatVector.fromArray(S, pad, row);
            FloatVector v = FloatVector.fromArray(S, pad, row + L);
            FloatVector p = FloatVector.fromArray(S, pad, row + 2 * L);
            FloatVector r = FloatVector.fromArray(S, pad, row + 3 * L);
            FloatVector s = FloatVector.broadcast(S, w[wt]);
            a0 = s.fma(u, a0);
            b0 = s.fma(v, b0);
            c0 = s.fma(p, c0);
            d0 = s.fma(r, d0);
            s = FloatVector.broadcast(S, w[wt + 1]);
            a1 = s.fma(u, a1);
            b1 = s.fma(v, b1);
            c1 = s.fma(p, c1);
            d1 = s.fma(r, d1);
        }
        a0.intoArray(z, at);
        b0.intoArray(z, at + L);
        c0.intoArray(z, at + 2 * L);
        d0.intoArray(z, at + 3 * L);
        a1.intoArray(z, at + cs);
        b1.intoArray(z, at + cs + L);
        c1.intoArray(z, at + cs + 2 * L);
        d1.intoArray(z, at + cs + 3 * L);
    }
}
