package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.Strided;
import dev.nabla.tensor.DType;

/**
 * im2col/col2im and the fused convolution: per chunk of images and group, im2col of the whole chunk
 * into one per-thread scratch matrix (k, images*OH*OW) that is reused across calls, then one GEMM, so
 * small layers (LeNet's 6 or 16 output channels) make a few wide GEMMs rather than one tiny GEMM per
 * image. Chunks are spread over threads; the weight gradient sums the chunks' partial products in a
 * fixed order, so it does not depend on the thread count.
 */
final class CpuConv {
    /**
     * Images are processed in this many chunks, each one GEMM over a column matrix (k, images*OH*OW):
     * fixed by the batch size, so the weight gradient's summation order is too.
     */
    private static final int CHUNKS = 8;
    /**
     * Column-matrix size (elements) a chunk is cut down to, in image steps fixed by the shape: about
     * 1 MB, so the matrix stays in L2/L3 between im2col and the GEMM's packing (large layers run one
     * image per step, LeNet's layers a whole chunk).
     */
    private static final long COL_TARGET = 1 << 18;

    private CpuConv() {
    }

    // x (N,C,H,W) any strides -> col (N, C*KH*KW, OH*OW) contiguous
    static void im2col(CpuThreads pool, Conv2dGeometry g, Strided x, double pad, Strided col) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bc = (CpuBuffer) col.buffer();
        int[] s = x.strides();
        int planes = g.n() * g.c();
        int perPlane = g.kh() * g.kw() * g.colCols();
        forPlanes(pool, planes, perPlane, q -> CpuUnfold.unfold(g, bx.array(), x.offset() + q / g.c() * s[0]
                + q % g.c() * s[1], s[2], s[3], pad, bc.array(), col.offset() + q * perPlane));
    }

    // col (N, C*KH*KW, OH*OW) contiguous -> dx (N,C,H,W), overwritten
    static void col2im(CpuThreads pool, Conv2dGeometry g, Strided col, Strided dx) {
        CpuBuffer bc = (CpuBuffer) col.buffer();
        CpuBuffer bd = (CpuBuffer) dx.buffer();
        CpuElementwise.fill(pool, dx, 0);
        int[] s = dx.strides();
        int perPlane = g.kh() * g.kw() * g.colCols();
        forPlanes(pool, g.n() * g.c(), perPlane, q -> CpuUnfold.fold(g, bc.array(), col.offset() + q * perPlane,
                bd.array(), dx.offset() + q / g.c() * s[0] + q % g.c() * s[1], s[2], s[3]));
    }

    private static void forPlanes(CpuThreads pool, int planes, long cost, java.util.function.IntConsumer plane) {
        int parts = planes * cost >= CpuLayout.PARALLEL_MIN ? Math.min(pool.size(), planes) : 1;
        pool.run(parts, p -> {
            int end = CpuThreads.split(planes, parts, p + 1, 1);
            for (int q = CpuThreads.split(planes, parts, p, 1); q < end; q++) {
                plane.accept(q);
            }
        });
    }

    // x (N,C,H,W), w (OC, C/groups, KH, KW), bias (OC) or null -> out (N,OC,OH,OW); all contiguous
    static void forward(CpuThreads pool, Conv2dGeometry g, int groups, Strided x, Strided w, Strided bias,
                        Strided out) {
        Shape s = new Shape(g, groups, w.shape()[0]);
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        CpuBuffer bb = bias == null ? null : (CpuBuffer) bias.buffer();
        int chunks = Math.min(CHUNKS, g.n());
        forChunks(pool, chunks, s.flopsPerImage() * g.n(), (chunk, inner) -> {
            int first = CpuThreads.split(g.n(), chunks, chunk, 1);
            int last = CpuThreads.split(g.n(), chunks, chunk + 1, 1);
            for (int n0 = first; n0 < last; n0 += s.perStep) {
                int n1 = Math.min(last, n0 + s.perStep);
                int width = (n1 - n0) * s.pixels;
                for (int gi = 0; gi < groups; gi++) {
                    MatrixBatch cols = unfoldChunk(g, s, bx, x.offset(), gi, n0, n1);
                    CpuBuffer prod = CpuScratch.get(bx.dtype(), 2, (long) s.ocg * width);
                    gemm(inner, false, false, s.ocg, width, s.k, new MatrixBatch(w.buffer(), w.offset() + gi * s.ocg * s.k,
                            s.k, 0), cols, 0, new MatrixBatch(prod, 0, width, 0));
                    // (OCg, images*OH*OW) -> each image's (OCg, OH*OW) block, adding the bias
                    for (int n = n0; n < n1; n++) {
                        for (int o = 0; o < s.ocg; o++) {
                            int oc = gi * s.ocg + o;
                            double b = bb == null ? 0 : bb.get(bias.offset() + oc);
                            addRow(prod, o * width + (n - n0) * s.pixels, bo, out.offset() + (n * s.oc + oc) * s.pixels,
                                    s.pixels, bb != null, b);
                        }
                    }
                }
            }
        });
    }

    // grad (N,OC,OH,OW), w (OC, C/groups, KH, KW) -> dx (N,C,H,W), overwritten
    static void backwardData(CpuThreads pool, Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        Shape s = new Shape(g, groups, w.shape()[0]);
        CpuBuffer bd = (CpuBuffer) dx.buffer();
        CpuBuffer bg = (CpuBuffer) grad.buffer();
        Conv2dGeometry plane = s.planeGeometry(g);
        int chunks = Math.min(CHUNKS, g.n());
        int hw = g.h() * g.w();
        forChunks(pool, chunks, s.flopsPerImage() * g.n(), (chunk, inner) -> {
            int first = CpuThreads.split(g.n(), chunks, chunk, 1);
            int last = CpuThreads.split(g.n(), chunks, chunk + 1, 1);
            for (int n0 = first; n0 < last; n0 += s.perStep) {
                int n1 = Math.min(last, n0 + s.perStep);
                int width = (n1 - n0) * s.pixels;
                for (int gi = 0; gi < groups; gi++) {
                    MatrixBatch gg = gatherGrad(s, bg, grad.offset(), gi, n0, n1);
                    CpuBuffer col = CpuScratch.get(bd.dtype(), 0, (long) s.k * width);
                    gemm(inner, true, false, s.k, width, s.ocg, new MatrixBatch(w.buffer(), w.offset() + gi * s.ocg * s.k,
                            s.k, 0), gg, 0, new MatrixBatch(col, 0, width, 0));
                    for (int n = n0; n < n1; n++) {
                        int xo = dx.offset() + (n * g.c() + gi * s.cg) * hw;
                        fill(bd, xo, s.cg * hw, 0);
                        for (int c = 0; c < s.cg; c++) {
                            CpuUnfold.fold(plane, col.array(), c * s.taps * width + (n - n0) * s.pixels, bd.array(),
                                    xo + c * hw, g.w(), 1, width);
                        }
                    }
                }
            }
        });
    }

    // x (N,C,H,W), grad (N,OC,OH,OW) -> dw (OC, C/groups, KH, KW), overwritten
    static void backwardWeight(CpuThreads pool, Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        Shape s = new Shape(g, groups, dw.shape()[0]);
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bg = (CpuBuffer) grad.buffer();
        CpuBuffer bd = (CpuBuffer) dw.buffer();
        int chunks = Math.min(CHUNKS, g.n());
        int size = s.oc * s.k;
        CpuBuffer partials = chunks == 1 ? bd : CpuScratch.get(bd.dtype(), 1, (long) chunks * size);
        int base = chunks == 1 ? dw.offset() : 0;
        forChunks(pool, chunks, s.flopsPerImage() * g.n(), (chunk, inner) -> {
            int first = CpuThreads.split(g.n(), chunks, chunk, 1);
            int last = CpuThreads.split(g.n(), chunks, chunk + 1, 1);
            for (int n0 = first; n0 < last; n0 += s.perStep) {
                int n1 = Math.min(last, n0 + s.perStep);
                int width = (n1 - n0) * s.pixels;
                for (int gi = 0; gi < groups; gi++) {
                    MatrixBatch cols = unfoldChunk(g, s, bx, x.offset(), gi, n0, n1);
                    MatrixBatch gg = gatherGrad(s, bg, grad.offset(), gi, n0, n1);
                    gemm(inner, false, true, s.ocg, s.k, width, gg, cols, n0 == first ? 0 : 1,
                            new MatrixBatch(partials, base + chunk * size + gi * s.ocg * s.k, s.k, 0));
                }
            }
        });
        if (chunks > 1) {
            sumChunks(bd, dw.offset(), partials, chunks, size);
        }
    }

    /** Images {@code [n0, n1)} of group {@code gi} as one column matrix (k, images*OH*OW) in this thread's scratch. */
    private static MatrixBatch unfoldChunk(Conv2dGeometry g, Shape s, CpuBuffer x, int x0, int gi, int n0, int n1) {
        int width = (n1 - n0) * s.pixels;
        CpuBuffer col = CpuScratch.get(x.dtype(), 0, (long) s.k * width);
        Conv2dGeometry plane = s.planeGeometry(g);
        int hw = g.h() * g.w();
        for (int n = n0; n < n1; n++) {
            int xo = x0 + (n * g.c() + gi * s.cg) * hw;
            for (int c = 0; c < s.cg; c++) {
                CpuUnfold.unfold(plane, x.array(), xo + c * hw, g.w(), 1, 0, col.array(),
                        c * s.taps * width + (n - n0) * s.pixels, width);
            }
        }
        return new MatrixBatch(col, 0, width, 0);
    }

    /** grad of images {@code [n0, n1)}, group {@code gi}, as one matrix (OCg, images*OH*OW) in this thread's scratch. */
    private static MatrixBatch gatherGrad(Shape s, CpuBuffer grad, int g0, int gi, int n0, int n1) {
        int width = (n1 - n0) * s.pixels;
        CpuBuffer gg = CpuScratch.get(grad.dtype(), 2, (long) s.ocg * width);
        for (int n = n0; n < n1; n++) {
            for (int o = 0; o < s.ocg; o++) {
                System.arraycopy(grad.array(), g0 + (n * s.oc + gi * s.ocg + o) * s.pixels, gg.array(),
                        o * width + (n - n0) * s.pixels, s.pixels);
            }
        }
        return new MatrixBatch(gg, 0, width, 0);
    }

    // dst[d..d+n) = src[so..so+n) (+ b)
    private static void addRow(CpuBuffer src, int so, CpuBuffer dst, int d, int n, boolean add, double b) {
        if (!add) {
            System.arraycopy(src.array(), so, dst.array(), d, n);
        } else if (src.f != null) {
            float[] s = src.f;
            float[] o = dst.f;
            float fb = (float) b;
            for (int e = 0; e < n; e++) {
                o[d + e] = s[so + e] + fb;
            }
        } else {
            for (int e = 0; e < n; e++) {
                dst.d[d + e] = src.d[so + e] + b;
            }
        }
    }

    private static void sumChunks(CpuBuffer out, int at, CpuBuffer partials, int chunks, int size) {
        for (int e = 0; e < size; e++) {
            double sum = 0;
            for (int chunk = 0; chunk < chunks; chunk++) {
                sum += partials.get(chunk * size + e);
            }
            out.set(at + e, sum);
        }
    }

    private static void gemm(CpuThreads inner, boolean ta, boolean tb, int m, int n, int k, MatrixBatch a,
                             MatrixBatch b, double beta, MatrixBatch c) {
        CpuGemm.Problem q = new CpuGemm.Problem(ta, tb, m, n, k, 1, a, b, beta, c);
        if (inner != null) {
            CpuGemm.gemm(inner, 1, q);
        } else {
            CpuGemm.block(q, 0, 0, m, 0, n);
        }
    }

    private static void fill(CpuBuffer b, int from, int count, double v) {
        if (b.dtype() == DType.FLOAT32) {
            java.util.Arrays.fill(b.f, from, from + count, (float) v);
        } else {
            java.util.Arrays.fill(b.d, from, from + count, v);
        }
    }

    /** Chunks over threads when there are enough, else one chunk at a time with a parallel GEMM. */
    private static void forChunks(CpuThreads pool, int chunks, long flops, ChunkBody body) {
        boolean large = flops >= CpuLayout.PARALLEL_MIN;
        if (large && pool.size() > 1 && chunks >= pool.size()) {
            int parts = pool.size();
            pool.run(parts, p -> {
                int end = CpuThreads.split(chunks, parts, p + 1, 1);
                for (int c = CpuThreads.split(chunks, parts, p, 1); c < end; c++) {
                    body.chunk(c, null);
                }
            });
        } else {
            for (int c = 0; c < chunks; c++) {
                body.chunk(c, large ? pool : null);
            }
        }
    }

    private interface ChunkBody {
        /** {@code inner} is the pool a GEMM may use, or null to stay on this thread. */
        void chunk(int chunk, CpuThreads inner);
    }

    /** Derived sizes of one convolution. */
    private static final class Shape {
        final int oc;
        final int cg;
        final int ocg;
        final int taps;
        final int k;
        final int pixels;
        /** Images per column matrix: as many as keep it near COL_TARGET elements (at least one). */
        final int perStep;

        Shape(Conv2dGeometry g, int groups, int oc) {
            this.oc = oc;
            cg = g.c() / groups;
            ocg = oc / groups;
            taps = g.kh() * g.kw();
            k = cg * taps;
            pixels = g.oh() * g.ow();
            perStep = (int) Math.max(1, COL_TARGET / ((long) k * pixels));
        }

        long flopsPerImage() {
            return (long) oc * k * pixels;
        }

        Conv2dGeometry planeGeometry(Conv2dGeometry g) {
            return new Conv2dGeometry(1, 1, g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                    g.dilationH(), g.dilationW());
        }
    }
}
