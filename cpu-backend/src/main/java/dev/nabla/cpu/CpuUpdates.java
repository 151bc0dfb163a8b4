package dev.nabla.cpu;

import dev.nabla.backend.Strided;
import dev.nabla.tensor.DType;

/**
 * SGD and Adam in place (formulas of {@code dev.nabla.optim.Updates}), split over threads by
 * element range. Float32 SGD takes the SIMD loop; the rest computes each element in double.
 */
final class CpuUpdates {
    private CpuUpdates() {
    }

    static void sgd(CpuThreads pool, Strided param, Strided grad, Strided velocity, double lr, double momentum,
                    double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        CpuBuffer p = (CpuBuffer) param.buffer();
        CpuBuffer g = (CpuBuffer) grad.buffer();
        CpuBuffer v = velocity == null ? null : (CpuBuffer) velocity.buffer();
        int n = (int) param.numel();
        boolean simd = CpuSimd.ENABLED && p.dtype() == DType.FLOAT32 && !firstStep;
        ranges(pool, n, (from, to) -> {
            if (simd) {
                CpuVecUpdates.sgd(p.f, param.offset(), g.f, grad.offset(), v == null ? null : v.f,
                        v == null ? 0 : velocity.offset(), from, to, (float) lr, (float) momentum, (float) dampening,
                        (float) weightDecay, nesterov);
                return;
            }
            for (int i = from; i < to; i++) {
                double pi = p.get(param.offset() + i);
                double gi = g.get(grad.offset() + i) + weightDecay * pi;
                if (momentum != 0) {
                    int vi = velocity.offset() + i;
                    double buf = firstStep ? gi : momentum * v.get(vi) + (1 - dampening) * gi;
                    v.set(vi, buf);
                    gi = nesterov ? gi + momentum * buf : buf;
                }
                p.set(param.offset() + i, pi - lr * gi);
            }
        });
    }

    static void adam(CpuThreads pool, Strided param, Strided grad, Strided m, Strided v, long step, double lr,
                     double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        CpuBuffer p = (CpuBuffer) param.buffer();
        CpuBuffer g = (CpuBuffer) grad.buffer();
        CpuBuffer bm = (CpuBuffer) m.buffer();
        CpuBuffer bv = (CpuBuffer) v.buffer();
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        ranges(pool, (int) param.numel(), (from, to) -> {
            for (int i = from; i < to; i++) {
                double pi = p.get(param.offset() + i);
                double gi = g.get(grad.offset() + i);
                if (decoupled) {
                    pi *= 1 - lr * weightDecay;
                } else {
                    gi += weightDecay * pi;
                }
                double mi = beta1 * bm.get(m.offset() + i) + (1 - beta1) * gi;
                double vi = beta2 * bv.get(v.offset() + i) + (1 - beta2) * gi * gi;
                bm.set(m.offset() + i, mi);
                bv.set(v.offset() + i, vi);
                p.set(param.offset() + i, pi - lr * (mi / correction1) / (Math.sqrt(vi / correction2) + eps));
            }
        });
    }

    private interface Range {
        void run(int from, int to);
    }

    private static void ranges(CpuThreads pool, int n, Range body) {
        int parts = n >= CpuLayout.PARALLEL_MIN ? pool.size() : 1;
        pool.run(parts, p -> body.run(CpuThreads.split(n, parts, p, 1), CpuThreads.split(n, parts, p + 1, 1)));
    }
}
