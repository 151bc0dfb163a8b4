package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import java.util.Arrays;

/**
 * im2col and col2im for one channel plane, as runs: for each window tap (i, j) and output row oy
 * the valid output columns form one interval, copied with a single strided (often unit-stride)
 * run and padded around it. Works on float[] or double[] arrays.
 */
final class CpuUnfold {
    private CpuUnfold() {
    }

    // x plane at xo with strides (sh, sw) -> col rows (i*KW + j) of OH*OW at co, row stride OH*OW
    static void unfold(Conv2dGeometry g, Object x, int xo, int sh, int sw, double pad, Object col, int co) {
        unfold(g, x, xo, sh, sw, pad, col, co, g.oh() * g.ow(), 0, g.oh());
    }

    // only output rows [oy0, oy1): col rows of (oy1-oy0)*OW at c0, row stride ld (several images or
    // bands side by side in one column matrix)
    static void unfold(Conv2dGeometry g, Object x, int xo, int sh, int sw, double pad, Object col, int c0, int ld,
                       int oy0, int oy1) {
        int ow = g.ow();
        for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
                int lo = firstInside(g.padW() - j * g.dilationW(), g.strideW(), ow);
                int hi = lastInside(g.w() - 1 + g.padW() - j * g.dilationW(), g.strideW(), ow);
                int co = c0 + (i * g.kw() + j) * ld;
                for (int oy = oy0; oy < oy1; oy++, co += ow) {
                    int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                    if (y < 0 || y >= g.h() || lo > hi) {
                        fill(col, co, co + ow, pad);
                        continue;
                    }
                    fill(col, co, co + lo, pad);
                    int src = xo + y * sh + (lo * g.strideW() - g.padW() + j * g.dilationW()) * sw;
                    copy(x, src, g.strideW() * sw, col, co + lo, hi - lo + 1);
                    fill(col, co + hi + 1, co + ow, pad);
                }
            }
        }
    }

    // col rows (i*KW + j) of OH*OW at co -> adds into dx plane at xo with strides (sh, sw)
    static void fold(Conv2dGeometry g, Object col, int co, Object dx, int xo, int sh, int sw) {
        fold(g, col, co, dx, xo, sh, sw, g.oh() * g.ow(), 0, g.oh());
    }

    // only output rows [oy0, oy1), as unfold
    static void fold(Conv2dGeometry g, Object col, int c0, Object dx, int xo, int sh, int sw, int ld, int oy0, int oy1) {
        int ow = g.ow();
        for (int i = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
                int lo = firstInside(g.padW() - j * g.dilationW(), g.strideW(), ow);
                int hi = lastInside(g.w() - 1 + g.padW() - j * g.dilationW(), g.strideW(), ow);
                int co = c0 + (i * g.kw() + j) * ld;
                for (int oy = oy0; oy < oy1; oy++, co += ow) {
                    int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                    if (y < 0 || y >= g.h() || lo > hi) {
                        continue;
                    }
                    int dst = xo + y * sh + (lo * g.strideW() - g.padW() + j * g.dilationW()) * sw;
                    add(col, co + lo, dx, dst, g.strideW() * sw, hi - lo + 1);
                }
            }
        }
    }

    /** Smallest ox >= 0 with ox*stride >= offset (clamped to count). */
    private static int firstInside(int offset, int stride, int count) {
        return offset <= 0 ? 0 : Math.min(count, (offset + stride - 1) / stride);
    }

    /** Largest ox < count with ox*stride <= limit, or -1. */
    private static int lastInside(int limit, int stride, int count) {
        return limit < 0 ? -1 : Math.min(count - 1, limit / stride);
    }

    // runs are short (one output row): SIMD or plain loops, no System.arraycopy/Arrays.fill call overhead
    private static void fill(Object a, int from, int to, double v) {
        if (a instanceof float[] f) {
            if (CpuSimd.ENABLED) {
                CpuVecCopy.fill(f, from, to, (float) v);
                return;
            }
            float fv = (float) v;
            for (int k = from; k < to; k++) {
                f[k] = fv;
            }
        } else {
            Arrays.fill((double[]) a, from, Math.max(from, to), v);
        }
    }

    private static void copy(Object src, int so, int ss, Object dst, int d, int n) {
        if (src instanceof float[] s) {
            float[] o = (float[]) dst;
            if (ss == 1) {
                if (CpuSimd.ENABLED) {
                    CpuVecCopy.copy(s, so, o, d, n);
                    return;
                }
                for (int k = 0; k < n; k++) {
                    o[d + k] = s[so + k];
                }
                return;
            }
            for (int k = 0; k < n; k++) {
                o[d + k] = s[so + k * ss];
            }
        } else {
            double[] s = (double[]) src;
            double[] o = (double[]) dst;
            for (int k = 0; k < n; k++) {
                o[d + k] = s[so + k * ss];
            }
        }
    }

    private static void add(Object src, int so, Object dst, int d, int ds, int n) {
        if (src instanceof float[] s) {
            float[] o = (float[]) dst;
            if (ds == 1) {
                if (CpuSimd.ENABLED) {
                    CpuVecCopy.add(s, so, o, d, n);
                    return;
                }
                for (int k = 0; k < n; k++) {
                    o[d + k] += s[so + k];
                }
                return;
            }
            for (int k = 0; k < n; k++) {
                o[d + k * ds] += s[so + k];
            }
        } else {
            double[] s = (double[]) src;
            double[] o = (double[]) dst;
            for (int k = 0; k < n; k++) {
                o[d + k * ds] += s[so + k];
            }
        }
    }
}
