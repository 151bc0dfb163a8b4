package dev.nabla.cpu;

import dev.nabla.backend.Conv2dGeometry;
import dev.nabla.backend.MatrixBatch;
import dev.nabla.backend.Strided;
import dev.nabla.tensor.DType;

/**
 * im2col/col2im and the fused convolution: per slab (several images of a chunk, or a band of output
 * rows of one image) and group, im2col into one per-thread scratch matrix (k, slab pixels) that is
 * reused across calls, then one GEMM, so small layers (LeNet's 6 or 16 output channels) make a few
 * wide GEMMs rather than one tiny GEMM per image, and large ones stay in L2. Chunks of images are
 * spread over threads; the weight gradient sums the chunks' partial products in a fixed order, so
 * it does not depend on the thread count. Stride-1 float32 layers with SIMD skip the column matrix:
 * forward runs as an implicit GEMM ({@link CpuImplicitConv}) or the direct kernel
 * ({@link CpuVecDirectConv}), backward-data as the same convolution of the bordered gradient with
 * flipped weights, and the weight gradient from bordered planes ({@link CpuVecConvWeight}).
 */
final class CpuConv {
    /**
     * Images are processed in this many chunks, each one GEMM over a column matrix (k, images*OH*OW):
     * fixed by the batch size, so the weight gradient's summation order is too.
     */
    private static final int CHUNKS = 8;
    /**
     * Column-matrix size (elements) a chunk is cut down to, in steps fixed by the shape (whole images,
     * or bands of output rows for a large layer): 512 KB, about this machine's L2. At 1 MB, packing
     * ran from L3 and took a third as long as the multiply itself (VGG's 3x3 32->32 layer on 28x28);
     * at 256 KB, the 3x3 64->64 layer repacked its weights for every 3-row band and its fwd+bwd took
     * 75.6 ms against 70.2 ms here (LeNet's second layer and the VGG example unchanged).
     */
    private static final long COL_TARGET = 1 << 17;
    /**
     * Output channels per group up to which the weight gradient is taken as row dot products
     * ({@link CpuVecDots}) rather than the packed GEMM, whose transposing pack of the column matrix
     * is then shared by too few row tiles: a LeNet-5 training step went from 7.1-7.7 to 6.3-6.4 ms,
     * while the 3x3 64->64 layer was 8% slower that way.
     */
    private static final int DOTS_MAX_CHANNELS = 16;
    /**
     * Output channels (input channels for backward-data) from which a stride-1 convolution runs as an
     * implicit GEMM ({@link CpuImplicitConv}), its packed panels then shared by 8 row tiles or more;
     * below, it runs the direct kernel ({@link CpuVecDirectConv}). Forward, 2 threads: the 3x3 64->64
     * layer took 18.6 ms implicit, 21.1 direct and 22.0 through a column matrix; LeNet-5's 6->16 layer
     * 0.46, 0.375 and 0.55 ms. Backward-data of that layer (6 input channels): 1.53 ms implicit, 0.83
     * through a column matrix, 0.67 direct.
     */
    private static final int IMPLICIT_MIN_CHANNELS = 32;

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
        boolean inPlace = CpuSimd.ENABLED && bx.f != null && g.n() >= pool.size() && CpuPlanes.applies(g, groups);
        if (inPlace && s.oc >= IMPLICIT_MIN_CHANNELS) {
            implicit(pool, g, s.oc, bx, x.offset(), (CpuBuffer) w.buffer(), w.offset(), bb,
                    bias == null ? 0 : bias.offset(), bo, out.offset());
            return;
        }
        if (inPlace) {
            float[] packed = CpuScratch.get(bx.dtype(), 1, CpuVecDirectConv.packedSize(g, s.oc)).f;
            CpuVecDirectConv.packWeights(((CpuBuffer) w.buffer()).f, w.offset(), s.oc, s.k, packed);
            direct(pool, g, s.oc, bx, x.offset(), packed, bb, bias == null ? 0 : bias.offset(), bo, out.offset());
            return;
        }
        forSlabs(pool, g, s, (inner, chunk, n0, n1, oy0, oy1) -> {
            int band = (oy1 - oy0) * g.ow();
            int width = (n1 - n0) * band;
            for (int gi = 0; gi < groups; gi++) {
                MatrixBatch cols = unfoldSlab(g, s, bx, x.offset(), gi, n0, n1, oy0, oy1);
                CpuBuffer prod = CpuScratch.get(bx.dtype(), 2, (long) s.ocg * width);
                gemm(inner, false, false, s.ocg, width, s.k, new MatrixBatch(w.buffer(), w.offset() + gi * s.ocg * s.k,
                        s.k, 0), cols, 0, new MatrixBatch(prod, 0, width, 0));
                // (OCg, images*band) -> each image's rows of (OCg, OH*OW), adding the bias
                for (int n = n0; n < n1; n++) {
                    for (int o = 0; o < s.ocg; o++) {
                        int oc = gi * s.ocg + o;
                        double b = bb == null ? 0 : bb.get(bias.offset() + oc);
                        addRow(prod, o * width + (n - n0) * band, bo,
                                out.offset() + (n * s.oc + oc) * s.pixels + oy0 * g.ow(), band, bb != null, b);
                    }
                }
            }
        });
    }

    // the direct kernel, images split evenly over the threads
    private static void direct(CpuThreads pool, Conv2dGeometry g, int oc, CpuBuffer x, int x0, float[] packed,
                               CpuBuffer bias, int b0, CpuBuffer out, int o0) {
        overImages(pool, g, oc, (n0, n1) -> CpuVecDirectConv.forward(g, oc, x.f, x0, packed,
                bias == null ? null : bias.f, b0, out.f, o0, n0, n1,
                CpuScratch.get(x.dtype(), 0, CpuVecDirectConv.scratch(g, oc)).f, CpuScratch.ints(g.c() * taps(g))));
    }

    // CpuImplicitConv, images split evenly over the threads
    private static void implicit(CpuThreads pool, Conv2dGeometry g, int oc, CpuBuffer x, int x0, CpuBuffer w, int w0,
                                 CpuBuffer bias, int b0, CpuBuffer out, int o0) {
        overImages(pool, g, oc, (n0, n1) -> CpuImplicitConv.forward(g, oc, x.f, x0, w, w0,
                bias == null ? null : bias.f, b0, out.f, o0, n0, n1,
                CpuScratch.get(x.dtype(), 0, CpuImplicitConv.scratch(g, oc)), CpuScratch.ints(g.c() * taps(g))));
    }

    private static int taps(Conv2dGeometry g) {
        return g.kh() * g.kw();
    }

    // images [0, N) in one contiguous range per thread, on one thread for a small layer
    private static void overImages(CpuThreads pool, Conv2dGeometry g, int oc, ImageRange body) {
        long flops = (long) oc * g.c() * taps(g) * g.oh() * g.ow() * g.n();
        int parts = flops >= CpuLayout.PARALLEL_MIN ? Math.min(pool.size(), g.n()) : 1;
        pool.run(parts, p -> body.images(CpuThreads.split(g.n(), parts, p, 1), CpuThreads.split(g.n(), parts, p + 1, 1)));
    }

    private interface ImageRange {
        void images(int n0, int n1);
    }

    /**
     * With stride 1, the input gradient is the convolution of the output gradient, bordered by
     * (KH-1)*dilation-padH rows and (KW-1)*dilation-padW columns, with flipped weights whose channels
     * are swapped: no column matrix and no col2im adds. Null when that does not apply.
     */
    private static Conv2dGeometry transposedGeometry(Conv2dGeometry g, int groups, int oc) {
        int padH = (g.kh() - 1) * g.dilationH() - g.padH();
        int padW = (g.kw() - 1) * g.dilationW() - g.padW();
        if (!CpuPlanes.applies(g, groups) || padH < 0 || padW < 0) {
            return null;
        }
        return new Conv2dGeometry(g.n(), oc, g.oh(), g.ow(), g.kh(), g.kw(), 1, 1, padH, padW, g.dilationH(),
                g.dilationW());
    }

    // grad (N,OC,OH,OW), w (OC, C/groups, KH, KW) -> dx (N,C,H,W), overwritten
    static void backwardData(CpuThreads pool, Conv2dGeometry g, int groups, Strided grad, Strided w, Strided dx) {
        Shape s = new Shape(g, groups, w.shape()[0]);
        CpuBuffer bd = (CpuBuffer) dx.buffer();
        CpuBuffer bg = (CpuBuffer) grad.buffer();
        Conv2dGeometry t = CpuSimd.ENABLED && bg.f != null && g.n() >= pool.size()
                ? transposedGeometry(g, groups, s.oc) : null;
        if (t != null) {
            CpuBuffer flipped = CpuScratch.get(bg.dtype(), 1, (long) g.c() * s.oc * s.taps);
            CpuImplicitConv.flippedWeights((CpuBuffer) w.buffer(), w.offset(), s.oc, g.c(), s.taps, flipped.f);
            if (g.c() >= IMPLICIT_MIN_CHANNELS) {
                implicit(pool, t, g.c(), bg, grad.offset(), flipped, 0, null, 0, bd, dx.offset());
            } else {
                float[] packed = CpuScratch.get(bg.dtype(), 2, CpuVecDirectConv.packedSize(t, g.c())).f;
                CpuVecDirectConv.packWeights(flipped.f, 0, g.c(), s.oc * s.taps, packed);
                direct(pool, t, g.c(), bg, grad.offset(), packed, null, 0, bd, dx.offset());
            }
            return;
        }
        Conv2dGeometry plane = s.planeGeometry(g);
        int hw = g.h() * g.w();
        CpuBuffer wt = transposedWeights(s, groups, (CpuBuffer) w.buffer(), w.offset());
        forSlabs(pool, g, s, (inner, chunk, n0, n1, oy0, oy1) -> {
            int band = (oy1 - oy0) * g.ow();
            int width = (n1 - n0) * band;
            for (int gi = 0; gi < groups; gi++) {
                MatrixBatch gg = gatherGrad(g, s, bg, grad.offset(), gi, n0, n1, oy0, oy1);
                CpuBuffer col = CpuScratch.get(bd.dtype(), 0, (long) s.k * width);
                gemm(inner, false, false, s.k, width, s.ocg, new MatrixBatch(wt, gi * s.k * s.ocg, s.ocg, 0), gg, 0,
                        new MatrixBatch(col, 0, width, 0));
                for (int n = n0; n < n1; n++) {
                    int xo = dx.offset() + (n * g.c() + gi * s.cg) * hw;
                    if (oy0 == 0) {
                        fill(bd, xo, s.cg * hw, 0);
                    }
                    for (int c = 0; c < s.cg; c++) {
                        CpuUnfold.fold(plane, col.array(), c * s.taps * width + (n - n0) * band, bd.array(),
                                xo + c * hw, g.w(), 1, width, oy0, oy1);
                    }
                }
            }
        });
    }

    /**
     * Each group's weights (OCg, k) transposed to (k, OCg), once per call in the calling thread's
     * scratch (slot 1, which backward-data's slabs do not use): the GEMM then packs W^T from rows
     * instead of reading it with a stride of k for every slab (6% of the 3x3 64->64 layer's time).
     */
    private static CpuBuffer transposedWeights(Shape s, int groups, CpuBuffer w, int w0) {
        CpuBuffer wt = CpuScratch.get(w.dtype(), 1, (long) groups * s.ocg * s.k);
        for (int gi = 0; gi < groups; gi++) {
            int from = w0 + gi * s.ocg * s.k;
            int to = gi * s.k * s.ocg;
            for (int o = 0; o < s.ocg; o++) {
                for (int r = 0; r < s.k; r++) {
                    wt.set(to + r * s.ocg + o, w.get(from + o * s.k + r));
                }
            }
        }
        return wt;
    }

    // x (N,C,H,W), grad (N,OC,OH,OW) -> dw (OC, C/groups, KH, KW), overwritten
    static void backwardWeight(CpuThreads pool, Conv2dGeometry g, int groups, Strided x, Strided grad, Strided dw) {
        Shape s = new Shape(g, groups, dw.shape()[0]);
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bg = (CpuBuffer) grad.buffer();
        CpuBuffer bd = (CpuBuffer) dw.buffer();
        if (CpuSimd.ENABLED && bx.f != null && s.oc >= CpuVecGemm.NR && CpuPlanes.applies(g, groups)) {
            directWeight(pool, g, s, bx.f, x.offset(), bg.f, grad.offset(), bd.f, dw.offset());
            return;
        }
        int chunks = s.chunks;
        int size = s.oc * s.k;
        CpuBuffer partials = chunks == 1 ? bd : CpuScratch.get(bd.dtype(), 1, (long) chunks * size);
        int base = chunks == 1 ? dw.offset() : 0;
        forSlabs(pool, g, s, (inner, chunk, n0, n1, oy0, oy1) -> {
            int first = CpuThreads.split(g.n(), chunks, chunk, 1);
            int width = (n1 - n0) * (oy1 - oy0) * g.ow();
            for (int gi = 0; gi < groups; gi++) {
                MatrixBatch cols = unfoldSlab(g, s, bx, x.offset(), gi, n0, n1, oy0, oy1);
                MatrixBatch gg = gatherGrad(g, s, bg, grad.offset(), gi, n0, n1, oy0, oy1);
                int beta = n0 == first && oy0 == 0 ? 0 : 1;
                int at = base + chunk * size + gi * s.ocg * s.k;
                if (inner == null && CpuSimd.ENABLED && partials.f != null && s.ocg <= DOTS_MAX_CHANNELS) {
                    // grad rows . column rows, both contiguous along the pixels: no transposing pack
                    CpuVecDots.nt(s.ocg, s.k, width, ((CpuBuffer) gg.buffer()).f, 0, width,
                            ((CpuBuffer) cols.buffer()).f, 0, width, partials.f, at, s.k, 1f, beta);
                } else {
                    gemm(inner, false, true, s.ocg, s.k, width, gg, cols, beta, new MatrixBatch(partials, at, s.k, 0));
                }
            }
        });
        if (chunks > 1) {
            sumChunks(bd, dw.offset(), partials, chunks, size);
        }
    }

    // CpuVecConvWeight over the chunks, threads taking whole chunks, then the chunks' partial dW^T
    // summed in chunk order and transposed into dw
    private static void directWeight(CpuThreads pool, Conv2dGeometry g, Shape s, float[] x, int x0, float[] grad,
                                     int g0, float[] dw, int d0) {
        int chunks = s.chunks;
        int kr = CpuVecConvWeight.taps(g);
        int ocr = CpuVecConvWeight.channels(s.oc);
        int size = kr * ocr;
        float[] partials = CpuScratch.get(DType.FLOAT32, 1, (long) chunks * size).f;
        boolean large = s.flopsPerImage() * g.n() >= CpuLayout.PARALLEL_MIN;
        int parts = large ? Math.min(pool.size(), chunks) : 1;
        pool.run(parts, p -> {
            float[] pad = CpuScratch.get(DType.FLOAT32, 0, CpuVecConvWeight.planeScratch(g)).f;
            float[] slice = CpuScratch.get(DType.FLOAT32, 2, CpuVecConvWeight.sliceScratch(s.oc)).f;
            int[] offs = CpuScratch.ints(s.k);
            int end = CpuThreads.split(chunks, parts, p + 1, 1);
            for (int c = CpuThreads.split(chunks, parts, p, 1); c < end; c++) {
                CpuVecConvWeight.chunk(g, s.oc, x, x0, grad, g0, CpuThreads.split(g.n(), chunks, c, 1),
                        CpuThreads.split(g.n(), chunks, c + 1, 1), partials, c * size, pad, slice, offs);
            }
        });
        for (int o = 0; o < s.oc; o++) {
            for (int t = 0; t < s.k; t++) {
                float sum = 0;
                for (int c = 0; c < chunks; c++) {
                    sum += partials[c * size + t * ocr + o];
                }
                dw[d0 + o * s.k + t] = sum;
            }
        }
    }

    /**
     * Output rows {@code [oy0, oy1)} of images {@code [n0, n1)}, group {@code gi}, as one column
     * matrix (k, images*(oy1-oy0)*OW) in this thread's scratch.
     */
    private static MatrixBatch unfoldSlab(Conv2dGeometry g, Shape s, CpuBuffer x, int x0, int gi, int n0, int n1,
                                          int oy0, int oy1) {
        int band = (oy1 - oy0) * g.ow();
        int width = (n1 - n0) * band;
        CpuBuffer col = CpuScratch.get(x.dtype(), 0, (long) s.k * width);
        Conv2dGeometry plane = s.planeGeometry(g);
        int hw = g.h() * g.w();
        for (int n = n0; n < n1; n++) {
            int xo = x0 + (n * g.c() + gi * s.cg) * hw;
            for (int c = 0; c < s.cg; c++) {
                CpuUnfold.unfold(plane, x.array(), xo + c * hw, g.w(), 1, 0, col.array(),
                        c * s.taps * width + (n - n0) * band, width, oy0, oy1);
            }
        }
        return new MatrixBatch(col, 0, width, 0);
    }

    /** The same slab of grad, group {@code gi}, as one matrix (OCg, images*(oy1-oy0)*OW) in this thread's scratch. */
    private static MatrixBatch gatherGrad(Conv2dGeometry g, Shape s, CpuBuffer grad, int g0, int gi, int n0, int n1,
                                          int oy0, int oy1) {
        int band = (oy1 - oy0) * g.ow();
        int width = (n1 - n0) * band;
        CpuBuffer gg = CpuScratch.get(grad.dtype(), 2, (long) s.ocg * width);
        for (int n = n0; n < n1; n++) {
            for (int o = 0; o < s.ocg; o++) {
                System.arraycopy(grad.array(), g0 + (n * s.oc + gi * s.ocg + o) * s.pixels + oy0 * g.ow(), gg.array(),
                        o * width + (n - n0) * band, band);
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

    /**
     * The slabs of every chunk, chunks over threads when there are enough, else one chunk at a time
     * with a parallel GEMM. Within a chunk, slabs go in a fixed order: whole images when several fit
     * in one column matrix, else bands of output rows of one image.
     */
    private static void forSlabs(CpuThreads pool, Conv2dGeometry g, Shape s, SlabBody body) {
        int chunks = s.chunks;
        ChunkBody chunkBody = (chunk, inner) -> {
            int last = CpuThreads.split(g.n(), chunks, chunk + 1, 1);
            for (int n0 = CpuThreads.split(g.n(), chunks, chunk, 1); n0 < last; n0 += s.perStep) {
                int n1 = Math.min(last, n0 + s.perStep);
                for (int oy0 = 0; oy0 < g.oh(); oy0 += s.rows) {
                    body.slab(inner, chunk, n0, n1, oy0, Math.min(g.oh(), oy0 + s.rows));
                }
            }
        };
        boolean large = s.flopsPerImage() * g.n() >= CpuLayout.PARALLEL_MIN;
        if (large && pool.size() > 1 && chunks >= pool.size()) {
            int parts = pool.size();
            pool.run(parts, p -> {
                int end = CpuThreads.split(chunks, parts, p + 1, 1);
                for (int c = CpuThreads.split(chunks, parts, p, 1); c < end; c++) {
                    chunkBody.chunk(c, null);
                }
            });
        } else {
            for (int c = 0; c < chunks; c++) {
                chunkBody.chunk(c, large ? pool : null);
            }
        }
    }

    private interface ChunkBody {
        /** {@code inner} is the pool a GEMM may use, or null to stay on this thread. */
        void chunk(int chunk, CpuThreads inner);
    }

    private interface SlabBody {
        /** Output rows {@code [oy0, oy1)} of images {@code [n0, n1)}, part of chunk {@code chunk}. */
        void slab(CpuThreads inner, int chunk, int n0, int n1, int oy0, int oy1);
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
        /** Output rows per column matrix: all of them when whole images fit, else a band near COL_TARGET. */
        final int rows;
        /** Chunks of images: CHUNKS, or fewer for a smaller batch. */
        final int chunks;

        Shape(Conv2dGeometry g, int groups, int oc) {
            this.oc = oc;
            cg = g.c() / groups;
            ocg = oc / groups;
            taps = g.kh() * g.kw();
            k = cg * taps;
            pixels = g.oh() * g.ow();
            perStep = (int) Math.max(1, COL_TARGET / ((long) k * pixels));
            rows = perStep > 1 ? g.oh() : (int) Math.min(g.oh(), Math.max(1, COL_TARGET / ((long) k * g.ow())));
            chunks = Math.min(CHUNKS, g.n());
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
