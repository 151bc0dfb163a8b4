package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.Strided;
import dev.nabla.tensor.DType;

/**
 * im2col/col2im and the fused convolution: per image and group, im2col into a per-thread scratch
 * matrix that is reused across calls, then one GEMM. Images are spread over threads; the weight
 * gradient sums fixed chunks of images in a fixed order, so it does not depend on the thread count.
 */
final class CpuConv {
    /** Image chunks of the weight gradient: fixed, so the summation order is too. */
    private static final int WEIGHT_CHUNKS = 8;

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
        forImages(pool, g.n(), s.flopsPerImage(), (n, inner) -> {
            for (int gi = 0; gi < groups; gi++) {
                int xo = x.offset() + (n * g.c() + gi * s.cg) * g.h() * g.w();
                int oo = out.offset() + (n * s.oc + gi * s.ocg) * s.pixels;
                double beta = 0;
                if (bb != null) {
                    for (int o = 0; o < s.ocg; o++) {
                        fill(bo, oo + o * s.pixels, s.pixels, bb.get(bias.offset() + gi * s.ocg + o));
                    }
                    beta = 1;
                }
                MatrixBatch cols = s.direct ? new MatrixBatch(bx, xo, s.pixels, 0) : unfoldImage(g, s, bx, xo);
                gemm(inner, false, false, s.ocg, s.pixels, s.k, new MatrixBatch(w.buffer(), w.offset() + gi * s.ocg * s.k,
                        s.k, 0), cols, beta, new MatrixBatch(bo, oo, s.pixels, 0));
            }
        });
    }

    // grad (N,OC,OH,OW), w (OC, C/groups, KH, KW) -> dx (N,C,H,W), overwritten
    static void backwardData(CpuThreads pool, Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        Shape s = new Shape(g, groups, w.shape()[0]);
        CpuBuffer bd = (CpuBuffer) dx.buffer();
        Conv2dGeometry plane = s.planeGeometry(g);
        forImages(pool, g.n(), s.flopsPerImage(), (n, inner) -> {
            for (int gi = 0; gi < groups; gi++) {
                int xo = dx.offset() + (n * g.c() + gi * s.cg) * g.h() * g.w();
                MatrixBatch gradMatrix = new MatrixBatch(grad.buffer(), grad.offset() + (n * s.oc + gi * s.ocg) * s.pixels,
                        s.pixels, 0);
                MatrixBatch wg = new MatrixBatch(w.buffer(), w.offset() + gi * s.ocg * s.k, s.k, 0);
                if (s.direct) {
                    gemm(inner, true, false, s.k, s.pixels, s.ocg, wg, gradMatrix, 0, new MatrixBatch(bd, xo, s.pixels, 0));
                    continue;
                }
                CpuBuffer col = CpuScratch.get(bd.dtype(), 0, (long) s.k * s.pixels);
                gemm(inner, true, false, s.k, s.pixels, s.ocg, wg, gradMatrix, 0, new MatrixBatch(col, 0, s.pixels, 0));
                fill(bd, xo, s.cg * g.h() * g.w(), 0);
                for (int c = 0; c < s.cg; c++) {
                    CpuUnfold.fold(plane, col.array(), c * s.taps * s.pixels, bd.array(), xo + c * g.h() * g.w(), g.w(), 1);
                }
            }
        });
    }

    // x (N,C,H,W), grad (N,OC,OH,OW) -> dw (OC, C/groups, KH, KW), overwritten
    static void backwardWeight(CpuThreads pool, Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        Shape s = new Shape(g, groups, dw.shape()[0]);
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bd = (CpuBuffer) dw.buffer();
        int chunks = Math.min(WEIGHT_CHUNKS, g.n());
        int size = s.oc * s.k;
        CpuBuffer partials = chunks == 1 ? bd : CpuScratch.get(bd.dtype(), 1, (long) chunks * size);
        int base = chunks == 1 ? dw.offset() : 0;
        int parts = s.flopsPerImage() * g.n() >= CpuLayout.PARALLEL_MIN ? Math.min(pool.size(), chunks) : 1;
        pool.run(parts, p -> {
            int endChunk = CpuThreads.split(chunks, parts, p + 1, 1);
            for (int chunk = CpuThreads.split(chunks, parts, p, 1); chunk < endChunk; chunk++) {
                int end = CpuThreads.split(g.n(), chunks, chunk + 1, 1);
                for (int n = CpuThreads.split(g.n(), chunks, chunk, 1); n < end; n++) {
                    boolean first = n == CpuThreads.split(g.n(), chunks, chunk, 1);
                    for (int gi = 0; gi < groups; gi++) {
                        int xo = x.offset() + (n * g.c() + gi * s.cg) * g.h() * g.w();
                        MatrixBatch cols = s.direct ? new MatrixBatch(bx, xo, s.pixels, 0) : unfoldImage(g, s, bx, xo);
                        MatrixBatch gradMatrix = new MatrixBatch(grad.buffer(),
                                grad.offset() + (n * s.oc + gi * s.ocg) * s.pixels, s.pixels, 0);
                        gemm(null, false, true, s.ocg, s.k, s.pixels, gradMatrix, cols, first ? 0 : 1,
                                new MatrixBatch(partials, base + chunk * size + gi * s.ocg * s.k, s.k, 0));
                    }
                }
            }
        });
        if (chunks > 1) {
            sumChunks(bd, dw.offset(), partials, chunks, size);
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

    /** This thread's column scratch holding image plane group at {@code xo}, as a GEMM operand (k, pixels). */
    private static MatrixBatch unfoldImage(Conv2dGeometry g, Shape s, CpuBuffer x, int xo) {
        CpuBuffer col = CpuScratch.get(x.dtype(), 0, (long) s.k * s.pixels);
        Conv2dGeometry plane = s.planeGeometry(g);
        for (int c = 0; c < s.cg; c++) {
            CpuUnfold.unfold(plane, x.array(), xo + c * g.h() * g.w(), g.w(), 1, 0, col.array(), c * s.taps * s.pixels);
        }
        return new MatrixBatch(col, 0, s.pixels, 0);
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

    /** Images over threads when there are enough, else one image at a time with a parallel GEMM. */
    private static void forImages(CpuThreads pool, int images, long flopsPerImage, ImageBody body) {
        boolean large = flopsPerImage * images >= CpuLayout.PARALLEL_MIN;
        if (large && images >= 2 * pool.size()) {
            int parts = pool.size();
            pool.run(parts, p -> {
                int end = CpuThreads.split(images, parts, p + 1, 1);
                for (int n = CpuThreads.split(images, parts, p, 1); n < end; n++) {
                    body.image(n, null);
                }
            });
        } else {
            for (int n = 0; n < images; n++) {
                body.image(n, large ? pool : null);
            }
        }
    }

    private interface ImageBody {
        /** {@code inner} is the pool a GEMM may use, or null to stay on this thread. */
        void image(int n, CpuThreads inner);
    }

    /** Derived sizes of one convolution. */
    private static final class Shape {
        final int oc;
        final int cg;
        final int ocg;
        final int taps;
        final int k;
        final int pixels;
        final boolean direct;

        Shape(Conv2dGeometry g, int groups, int oc) {
            this.oc = oc;
            cg = g.c() / groups;
            ocg = oc / groups;
            taps = g.kh() * g.kw();
            k = cg * taps;
            pixels = g.oh() * g.ow();
            // a 1x1 window with stride 1 and no padding reads the input as its own column matrix
            direct = taps == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
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
