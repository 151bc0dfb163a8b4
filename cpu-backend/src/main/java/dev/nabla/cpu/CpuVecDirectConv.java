package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD float32 direct convolution forward for stride 1, dilation 1, one group: each image is copied
 * into a zero-bordered plane, and a block of 6 output channels x 2 vectors of one output row is
 * accumulated tap by tap from unaligned row loads (2 loads and 6 weight broadcasts per 12 FMAs).
 * Meant for a short reduction (C*KH*KW, e.g. 25 for LeNet's first layer), where im2col writes a
 * column matrix KH*KW times the input and the GEMM has too few rows to pay for packing it.
 * Channel edges repeat the last channel and store only the valid ones; a row's last, partial block
 * is computed into scratch and its valid outputs copied; each output's sum runs in the same (channel, row, column) tap order on every thread.
 */
final class CpuVecDirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int BLOCK = 2 * L;
    private static final int OC_BLOCK = 6;

    private CpuVecDirectConv() {
    }

    /** Whether this kernel handles the convolution. */
    static boolean applies(Conv2dGeometry g, int groups) {
        return groups == 1 && g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
                && g.ow() >= L;
    }

    /** Padded plane row length: room for every output block's widest tap. */
    private static int paddedWidth(Conv2dGeometry g) {
        int blocks = (g.ow() + BLOCK - 1) / BLOCK;
        return Math.max(g.w() + 2 * g.padW(), blocks * BLOCK + g.kw() - 1);
    }

    /** Scratch floats one thread needs: the padded input planes of one image and one block of output rows. */
    static long scratch(Conv2dGeometry g) {
        return (long) g.c() * (g.h() + 2 * g.padH()) * paddedWidth(g) + OC_BLOCK * BLOCK;
    }

    // images [n0, n1) of x (N,C,H,W) contiguous at x0, w (OC,C,KH,KW) at w0, bias (OC) at b0 or null
    // -> out (N,OC,OH,OW) contiguous at o0; pad is this thread's scratch of scratch(g) floats
    static void forward(Conv2dGeometry g, int oc, float[] x, int x0, float[] w, int w0, float[] bias, int b0,
                        float[] out, int o0, int n0, int n1, float[] pad) {
        int wp = paddedWidth(g);
        int hp = g.h() + 2 * g.padH();
        int plane = hp * wp;
        int tail = g.c() * plane;
        java.util.Arrays.fill(pad, 0, tail, 0f);
        int k = g.c() * g.kh() * g.kw();
        int oh = g.oh();
        int ow = g.ow();
        for (int n = n0; n < n1; n++) {
            for (int c = 0; c < g.c(); c++) {
                for (int y = 0; y < g.h(); y++) {
                    System.arraycopy(x, x0 + ((n * g.c() + c) * g.h() + y) * g.w(), pad,
                            c * plane + (y + g.padH()) * wp + g.padW(), g.w());
                }
            }
            for (int o = 0; o < oc; o += OC_BLOCK) {
                int rows = Math.min(OC_BLOCK, oc - o);
                for (int y = 0; y < oh; y++) {
                    for (int x1 = 0; x1 < ow; x1 += BLOCK) {
                        int valid = Math.min(BLOCK, ow - x1);
                        int at = o0 + ((n * oc + o) * oh + y) * ow + x1;
                        if (valid == BLOCK) {
                            block(g, k, w, w0 + o * k, rows, pad, y * wp + x1, wp, plane, out, at, oh * ow, bias,
                                    bias == null ? 0 : b0 + o);
                        } else {
                            // the row's last, partial block: computed into scratch rows, valid outputs copied
                            block(g, k, w, w0 + o * k, rows, pad, y * wp + x1, wp, plane, pad, tail, BLOCK, bias,
                                    bias == null ? 0 : b0 + o);
                            for (int r = 0; r < rows; r++) {
                                System.arraycopy(pad, tail + r * BLOCK, out, at + r * oh * ow, valid);
                            }
                        }
                    }
                }
            }
        }
    }

    // rows (<= 6) output channels with weights at wo (row stride k) x BLOCK outputs starting at plane
    // offset base -> out at `at`, channel stride cs
    private static void block(Conv2dGeometry g, int k, float[] w, int wo, int rows, float[] pad, int base, int wp,
                              int plane, float[] out, int at, int cs, float[] bias, int bo) {
        int w1 = wo + Math.min(1, rows - 1) * k;
        int w2 = wo + Math.min(2, rows - 1) * k;
        int w3 = wo + Math.min(3, rows - 1) * k;
        int w4 = wo + Math.min(4, rows - 1) * k;
        int w5 = wo + Math.min(5, rows - 1) * k;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        FloatVector a4 = a0;
        FloatVector b4 = a0;
        FloatVector a5 = a0;
        FloatVector b5 = a0;
        int t = 0;
        for (int c = 0; c < g.c(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                int row = c * plane + base + i * wp;
                for (int j = 0; j < g.kw(); j++, t++) {
                    FloatVector u = FloatVector.fromArray(S, pad, row + j);
                    FloatVector v = FloatVector.fromArray(S, pad, row + j + L);
                    FloatVector s = FloatVector.broadcast(S, w[wo + t]);
                    a0 = s.fma(u, a0);
                    b0 = s.fma(v, b0);
                    s = FloatVector.broadcast(S, w[w1 + t]);
                    a1 = s.fma(u, a1);
                    b1 = s.fma(v, b1);
                    s = FloatVector.broadcast(S, w[w2 + t]);
                    a2 = s.fma(u, a2);
                    b2 = s.fma(v, b2);
                    s = FloatVector.broadcast(S, w[w3 + t]);
                    a3 = s.fma(u, a3);
                    b3 = s.fma(v, b3);
                    s = FloatVector.broadcast(S, w[w4 + t]);
                    a4 = s.fma(u, a4);
                    b4 = s.fma(v, b4);
                    s = FloatVector.broadcast(S, w[w5 + t]);
                    a5 = s.fma(u, a5);
                    b5 = s.fma(v, b5);
                }
            }
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
        if (rows > 4) {
            store(a4, b4, out, at + 4 * cs, bias, bo + 4);
        }
        if (rows > 5) {
            store(a5, b5, out, at + 5 * cs, bias, bo + 5);
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
