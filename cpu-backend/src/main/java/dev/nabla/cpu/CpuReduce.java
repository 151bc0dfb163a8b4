package dev.nabla.cpu;

import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.Strided;
import dev.nabla.tensor.DType;

/**
 * Reductions over one axis. Work is split over output elements only, never inside one reduction,
 * so the result does not depend on the number of threads. Float32 rows use SIMD when the reduced
 * axis is contiguous (one dot-like sweep per output) or when the outputs are (a column sweep that
 * accumulates whole rows); the rest is scalar and accumulates in double like the reference.
 */
final class CpuReduce {
    private CpuReduce() {
    }

    // x (..., L at axis, ...) -> out (..., 1, ...)
    static void reduce(CpuThreads pool, ReduceOp op, Strided x, int axis, Strided out) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        int length = x.shape()[axis];
        int step = x.strides()[axis];
        int[] keptShape = x.shape().clone();
        keptShape[axis] = 1;
        Strided xOuter = new Strided(x.buffer(), x.offset(), keptShape, x.strides());
        CpuLayout layout = new CpuLayout(out.shape(), xOuter, out);
        int sx = layout.inner(0);
        int so = layout.inner(1);
        boolean simd = CpuSimd.ENABLED && bx.dtype() == DType.FLOAT32 && length > 0
                && (op == ReduceOp.SUM || op == ReduceOp.MAX || op == ReduceOp.MIN);
        int kind = op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? 1 : 2;
        layout.forRows(pool, length, (base, n) -> {
            if (simd && step == 1) {
                for (int j = 0, i = base[0], o = base[1]; j < n; j++, i += sx, o += so) {
                    bo.f[o] = kind == 0 ? CpuVecOps.sum(bx.f, i, length) : CpuVecOps.extreme(kind == 1, bx.f, i, length);
                }
            } else if (simd && sx == 1 && so == 1) {
                System.arraycopy(bx.f, base[0], bo.f, base[1], n);
                for (int k = 1; k < length; k++) {
                    CpuVecOps.accumulate(kind, bo.f, base[1], bx.f, base[0] + k * step, n);
                }
            } else {
                for (int j = 0, i = base[0], o = base[1]; j < n; j++, i += sx, o += so) {
                    scalar(op, bx, i, step, length, bo, o);
                }
            }
        });
    }

    private static void scalar(ReduceOp op, CpuBuffer x, int from, int step, int length, CpuBuffer out, int at) {
        if (op == ReduceOp.SUM) {
            double sum = 0;
            for (int j = 0, i = from; j < length; j++, i += step) {
                sum += x.get(i);
            }
            out.set(at, sum);
            return;
        }
        if (length == 0) {
            return;
        }
        double acc = x.get(from);
        int best = 0;
        for (int j = 1, i = from + step; j < length; j++, i += step) {
            double v = x.get(i);
            boolean nan = v != v && acc == acc;
            switch (op) {
                case MAX -> acc = nan || acc != acc ? Double.NaN : Math.max(acc, v);
                case MIN -> acc = nan || acc != acc ? Double.NaN : Math.min(acc, v);
                case ARGMAX -> {
                    if (v > acc || nan) {
                        acc = v;
                        best = j;
                    }
                }
                default -> {
                    if (v < acc || nan) {
                        acc = v;
                        best = j;
                    }
                }
            }
        }
        if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
            out.setLong(at, best);
        } else {
            out.set(at, acc);
        }
    }
}
