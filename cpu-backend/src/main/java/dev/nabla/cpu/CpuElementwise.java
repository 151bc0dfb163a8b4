package dev.nabla.cpu;

import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.reference.ScalarMath;
import dev.nabla.tensor.DType;
import java.util.Arrays;

/**
 * Element-wise primitives row by row over a {@link CpuLayout}: float32 rows with unit or zero
 * strides go to the SIMD kernels ({@link CpuVecOps}); everything else takes a scalar loop that
 * computes in double, exactly as the reference backend does.
 */
final class CpuElementwise {
    private CpuElementwise() {
    }

    static void fill(CpuThreads pool, Strided dst, double value) {
        CpuBuffer o = (CpuBuffer) dst.buffer();
        CpuLayout layout = new CpuLayout(dst.shape(), dst);
        int so = layout.inner(0);
        layout.forRows(pool, (base, n) -> {
            if (so == 1) {
                int from = base[0];
                switch (o.dtype()) {
                    case FLOAT32 -> Arrays.fill(o.f, from, from + n, (float) value);
                    case FLOAT64 -> Arrays.fill(o.d, from, from + n, value);
                    case INT32 -> Arrays.fill(o.i, from, from + n, (int) value);
                    case INT64 -> Arrays.fill(o.l, from, from + n, (long) value);
                }
            } else {
                for (int j = 0, at = base[0]; j < n; j++, at += so) {
                    o.set(at, value);
                }
            }
        });
    }

    static void copy(CpuThreads pool, Strided src, Strided dst) {
        CpuBuffer s = (CpuBuffer) src.buffer();
        CpuBuffer o = (CpuBuffer) dst.buffer();
        CpuLayout layout = new CpuLayout(dst.shape(), src, dst);
        int ss = layout.inner(0);
        int so = layout.inner(1);
        boolean same = s.dtype() == o.dtype();
        boolean exactIntegers = !s.dtype().isFloating() && !o.dtype().isFloating();
        if (same && s.dtype() == DType.FLOAT32 && layout.rank() == 2 && so == 1 && layout.stride(0, 0) == 1) {
            transpose(pool, layout, s.f, o.f);
            return;
        }
        layout.forRows(pool, (base, n) -> {
            if (same && ss == 1 && so == 1) {
                System.arraycopy(s.array(), base[0], o.array(), base[1], n);
            } else if (same && s.dtype() == DType.FLOAT32) {
                for (int j = 0, a = base[0], b = base[1]; j < n; j++, a += ss, b += so) {
                    o.f[b] = s.f[a];
                }
            } else if (exactIntegers) {
                for (int j = 0, a = base[0], b = base[1]; j < n; j++, a += ss, b += so) {
                    o.setLong(b, s.getLong(a));
                }
            } else {
                for (int j = 0, a = base[0], b = base[1]; j < n; j++, a += ss, b += so) {
                    o.set(b, s.get(a));
                }
            }
        });
    }

    // dst (rows, cols) row-major from src whose rows are columns: copied in square tiles so that
    // both the strided reads and the writes stay in cache (a plain row loop misses on every read)
    private static void transpose(CpuThreads pool, CpuLayout layout, float[] src, float[] dst) {
        int rows = layout.size(0);
        int cols = layout.size(1);
        int ss = layout.stride(0, 1);
        int ds = layout.stride(1, 0);
        int s0 = layout.offset(0);
        int d0 = layout.offset(1);
        int tile = 32;
        int bands = (rows + tile - 1) / tile;
        int parts = layout.numel() >= CpuLayout.PARALLEL_MIN ? Math.min(pool.size(), bands) : 1;
        pool.run(parts, p -> {
            int end = Math.min(rows, CpuThreads.split(bands, parts, p + 1, 1) * tile);
            for (int r0 = CpuThreads.split(bands, parts, p, 1) * tile; r0 < end; r0 += tile) {
                int r1 = Math.min(r0 + tile, end);
                for (int c0 = 0; c0 < cols; c0 += tile) {
                    int c1 = Math.min(c0 + tile, cols);
                    for (int r = r0; r < r1; r++) {
                        for (int c = c0, at = d0 + r * ds + c0, from = s0 + r + c0 * ss; c < c1; c++, at++, from += ss) {
                            dst[at] = src[from];
                        }
                    }
                }
            }
        });
    }

    static void unary(CpuThreads pool, UnaryOp op, double alpha, Strided x, Strided out) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        CpuLayout layout = new CpuLayout(out.shape(), x, out);
        int sx = layout.inner(0);
        int so = layout.inner(1);
        boolean simd = CpuSimd.ENABLED && bx.dtype() == DType.FLOAT32 && bo.dtype() == DType.FLOAT32
                && sx == 1 && so == 1 && CpuVecOps.hasUnary(op);
        layout.forRows(pool, (base, n) -> {
            if (simd) {
                CpuVecOps.unary(op, (float) alpha, bx.f, base[0], bo.f, base[1], n);
            } else {
                for (int j = 0, a = base[0], b = base[1]; j < n; j++, a += sx, b += so) {
                    bo.set(b, ScalarMath.unary(op, bx.get(a), alpha));
                }
            }
        });
    }

    static void binary(CpuThreads pool, BinaryOp op, Strided a, Strided b, Strided out) {
        CpuBuffer ba = (CpuBuffer) a.buffer();
        CpuBuffer bb = (CpuBuffer) b.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        CpuLayout layout = new CpuLayout(out.shape(), a, b, out);
        int sa = layout.inner(0);
        int sb = layout.inner(1);
        int so = layout.inner(2);
        boolean simd = CpuSimd.ENABLED && ba.dtype() == DType.FLOAT32 && bb.dtype() == DType.FLOAT32
                && bo.dtype() == DType.FLOAT32 && so == 1 && (sa == 0 || sa == 1) && (sb == 0 || sb == 1) && sa + sb > 0;
        layout.forRows(pool, (base, n) -> {
            if (simd) {
                CpuVecOps.binary(op, ba.f, base[0], sa, bb.f, base[1], sb, bo.f, base[2], n);
            } else {
                for (int j = 0, i = base[0], k = base[1], o = base[2]; j < n; j++, i += sa, k += sb, o += so) {
                    bo.set(o, ScalarMath.binary(op, ba.get(i), bb.get(k)));
                }
            }
        });
    }

    static void where(CpuThreads pool, Strided cond, Strided a, Strided b, Strided out) {
        CpuBuffer bc = (CpuBuffer) cond.buffer();
        CpuBuffer ba = (CpuBuffer) a.buffer();
        CpuBuffer bb = (CpuBuffer) b.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        CpuLayout layout = new CpuLayout(out.shape(), cond, a, b, out);
        int sc = layout.inner(0);
        int sa = layout.inner(1);
        int sb = layout.inner(2);
        int so = layout.inner(3);
        boolean exactIntegers = !bo.dtype().isFloating();
        layout.forRows(pool, (base, n) -> {
            for (int j = 0, c = base[0], i = base[1], k = base[2], o = base[3]; j < n;
                 j++, c += sc, i += sa, k += sb, o += so) {
                boolean pick = bc.get(c) != 0;
                if (exactIntegers) {
                    bo.setLong(o, pick ? ba.getLong(i) : bb.getLong(k));
                } else {
                    bo.set(o, pick ? ba.get(i) : bb.get(k));
                }
            }
        });
    }
}
