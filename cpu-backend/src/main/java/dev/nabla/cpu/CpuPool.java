package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.Strided;

/**
 * Max and average pooling, NCHW, contiguous, one plane at a time with planes spread over threads.
 * Max pooling has a direct float32 loop (the training hot path); the rest reads through the
 * buffer's dtype.
 */
final class CpuPool {
    private CpuPool() {
    }

    // x (N,C,H,W) -> out, indices (N,C,OH,OW); index = y*W + x of the first maximum (NaN wins)
    static void maxForward(CpuThreads pool, Conv2dGeometry g, Strided x, Strided out, Strided indices) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        CpuBuffer bi = (CpuBuffer) indices.buffer();
        int plane = g.h() * g.w();
        int oh = g.oh();   // oh()/ow() divide: read once, not per loop test
        int ow = g.ow();
        int windows = oh * ow;
        if (bx.f != null && bi.l != null && g.kh() == 2 && g.kw() == 2 && g.strideH() == 2 && g.strideW() == 2
                && g.padH() == 0 && g.padW() == 0 && g.dilationH() == 1 && g.dilationW() == 1) {
            planes(pool, g, (from, to) -> max2x2(g, bx.f, x.offset(), bo.f, out.offset(), bi.l, indices.offset(), from, to));
            return;
        }
        planes(pool, g, (from, to) -> {
            for (int q = from; q < to; q++) {
                int xo = x.offset() + q * plane;
                int o = q * windows;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++, o++) {
                        int best = -1;
                        double bestValue = Double.NEGATIVE_INFINITY;
                        float bestFloat = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < g.kh(); i++) {
                            int y = oy * g.strideH() - g.padH() + i * g.dilationH();
                            if (y < 0 || y >= g.h()) {
                                continue;
                            }
                            for (int j = 0; j < g.kw(); j++) {
                                int xx = ox * g.strideW() - g.padW() + j * g.dilationW();
                                if (xx < 0 || xx >= g.w()) {
                                    continue;
                                }
                                int at = y * g.w() + xx;
                                if (bx.f != null) {
                                    float v = bx.f[xo + at];
                                    if (best < 0 || v > bestFloat || (v != v && bestFloat == bestFloat)) {
                                        bestFloat = v;
                                        best = at;
                                    }
                                } else {
                                    double v = bx.get(xo + at);
                                    if (best < 0 || v > bestValue || (v != v && bestValue == bestValue)) {
                                        bestValue = v;
                                        best = at;
                                    }
                                }
                            }
                        }
                        if (bo.f != null) {
                            bo.f[out.offset() + o] = bestFloat;
                        } else {
                            bo.set(out.offset() + o, bestValue);
                        }
                        bi.setLong(indices.offset() + o, best);
                    }
                }
            }
        });
    }

    private static final boolean SIMD_ROWS = CpuSimd.ENABLED && CpuVecPool.applies();

    // the common 2x2, stride 2 window without padding, float32: four loads and three compares per
    // output, a vector of outputs at a time where the row is long enough (CpuVecPool)
    private static void max2x2(Conv2dGeometry g, float[] x, int xo, float[] out, int oo, long[] idx, int io, int from,
                               int to) {
        int w = g.w();
        int plane = g.h() * w;
        int oh = g.oh();   // oh()/ow() divide: read once, not per loop test
        int ow = g.ow();
        int windows = oh * ow;
        for (int q = from; q < to; q++) {
            int base = xo + q * plane;
            int o = q * windows;
            for (int oy = 0; oy < oh; oy++) {
                int row = 2 * oy * w;
                int ox = SIMD_ROWS ? CpuVecPool.row(x, base + row, row, w, ow, out, oo + o, idx, io + o) : 0;
                for (o += ox; ox < ow; ox++, o++) {
                    // no branches: which tap holds the max is a coin flip on real data, and C2 turns
                    // float selects into jumps; Math.max gives the value (NaN wins), 0/1 arithmetic the index
                    int at = base + row + 2 * ox;
                    float best = x[at];
                    int bestAt = at;
                    float v = x[at + 1];
                    int take = v > best | (v != v & best == best) ? 1 : 0;
                    best = Math.max(best, v);
                    bestAt += take * (at + 1 - bestAt);
                    v = x[at + w];
                    take = v > best | (v != v & best == best) ? 1 : 0;
                    best = Math.max(best, v);
                    bestAt += take * (at + w - bestAt);
                    v = x[at + w + 1];
                    take = v > best | (v != v & best == best) ? 1 : 0;
                    best = Math.max(best, v);
                    bestAt += take * (at + w + 1 - bestAt);
                    out[oo + o] = best;
                    idx[io + o] = bestAt - base;
                }
            }
        }
    }

    // grad, indices (N,C,OH,OW) -> dx (N,C,H,W), overwritten
    static void maxBackward(CpuThreads pool, Conv2dGeometry g, Strided grad, Strided indices, Strided dx) {
        CpuBuffer bg = (CpuBuffer) grad.buffer();
        CpuBuffer bi = (CpuBuffer) indices.buffer();
        CpuBuffer bd = (CpuBuffer) dx.buffer();
        int plane = g.h() * g.w();
        int oh = g.oh();   // oh()/ow() divide: read once, not per loop test
        int ow = g.ow();
        int windows = oh * ow;
        planes(pool, g, (from, to) -> {
            int first = dx.offset() + from * plane;
            int last = dx.offset() + to * plane;
            if (bd.f != null) {
                java.util.Arrays.fill(bd.f, first, last, 0f);
            } else {
                java.util.Arrays.fill(bd.d, first, last, 0);
            }
            for (int q = from; q < to; q++) {
                int xo = dx.offset() + q * plane;
                if (bd.f != null && bi.l != null) {
                    float[] d = bd.f;
                    float[] g0 = bg.f;
                    long[] idx = bi.l;
                    for (int k = 0, o = q * windows; k < windows; k++, o++) {
                        d[xo + (int) idx[indices.offset() + o]] += g0[grad.offset() + o];
                    }
                    continue;
                }
                for (int k = 0, o = q * windows; k < windows; k++, o++) {
                    int at = xo + (int) bi.getLong(indices.offset() + o);
                    bd.set(at, bd.get(at) + bg.get(grad.offset() + o));
                }
            }
        });
    }

    static void avgForward(CpuThreads pool, Conv2dGeometry g, boolean countIncludePad, Strided x, Strided out) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        int plane = g.h() * g.w();
        int oh = g.oh();   // oh()/ow() divide: read once, not per loop test
        int ow = g.ow();
        int windows = oh * ow;
        planes(pool, g, (from, to) -> {
            for (int q = from; q < to; q++) {
                int xo = x.offset() + q * plane;
                for (int k = 0; k < windows; k++) {
                    int oy = k / ow;
                    int ox = k % ow;
                    double sum = 0;
                    int inside = 0;
                    for (int i = 0; i < g.kh(); i++) {
                        for (int j = 0; j < g.kw(); j++) {
                            int y = oy * g.strideH() - g.padH() + i;
                            int xx = ox * g.strideW() - g.padW() + j;
                            if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w()) {
                                sum += bx.get(xo + y * g.w() + xx);
                                inside++;
                            }
                        }
                    }
                    bo.set(out.offset() + q * windows + k, sum / (countIncludePad ? g.kh() * g.kw() : inside));
                }
            }
        });
    }

    static void avgBackward(CpuThreads pool, Conv2dGeometry g, boolean countIncludePad, Strided grad, Strided dx) {
        CpuBuffer bg = (CpuBuffer) grad.buffer();
        CpuBuffer bd = (CpuBuffer) dx.buffer();
        int plane = g.h() * g.w();
        int oh = g.oh();   // oh()/ow() divide: read once, not per loop test
        int ow = g.ow();
        int windows = oh * ow;
        planes(pool, g, (from, to) -> {
            double[] acc = new double[plane];
            for (int q = from; q < to; q++) {
                java.util.Arrays.fill(acc, 0);
                for (int k = 0; k < windows; k++) {
                    int oy = k / ow;
                    int ox = k % ow;
                    int y0 = oy * g.strideH() - g.padH();
                    int x0 = ox * g.strideW() - g.padW();
                    int inside = 0;
                    for (int y = Math.max(y0, 0); y < Math.min(y0 + g.kh(), g.h()); y++) {
                        inside += Math.max(0, Math.min(x0 + g.kw(), g.w()) - Math.max(x0, 0));
                    }
                    double share = bg.get(grad.offset() + q * windows + k) / (countIncludePad ? g.kh() * g.kw() : inside);
                    for (int y = Math.max(y0, 0); y < Math.min(y0 + g.kh(), g.h()); y++) {
                        for (int xx = Math.max(x0, 0); xx < Math.min(x0 + g.kw(), g.w()); xx++) {
                            acc[y * g.w() + xx] += share;
                        }
                    }
                }
                for (int e = 0; e < plane; e++) {
                    bd.set(dx.offset() + q * plane + e, acc[e]);
                }
            }
        });
    }

    private interface Planes {
        void run(int from, int to);
    }

    private static void planes(CpuThreads pool, Conv2dGeometry g, Planes body) {
        int planes = g.n() * g.c();
        long work = (long) planes * g.h() * g.w();
        int parts = work >= CpuLayout.PARALLEL_MIN ? Math.min(pool.size(), planes) : 1;
        pool.run(parts, p -> body.run(CpuThreads.split(planes, parts, p, 1), CpuThreads.split(planes, parts, p + 1, 1)));
    }
}
