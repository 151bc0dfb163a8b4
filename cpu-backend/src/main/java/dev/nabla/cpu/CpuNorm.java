package dev.nabla.cpu;

import dev.nabla.backend.Strided;

/** Batch normalisation in training mode over contiguous {@code x (N, C, S)}, channels spread over threads. */
final class CpuNorm {
    private CpuNorm() {
    }

    // x, out (N, C, S); gamma, beta, mean, invStd (C)
    static void forward(CpuThreads pool, Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean,
                        Strided invStd) {
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bo = (CpuBuffer) out.buffer();
        int n = x.shape()[0];
        int channels = x.shape()[1];
        int s = x.shape()[2];
        if (simd(bx, bo)) {
            channels(pool, x, c -> {
                int x0 = x.offset() + c * s;
                double mu = CpuVecNorm.sum(bx.f, x0, n, channels * s, s, 0f, false) / ((double) n * s);
                double squares = CpuVecNorm.sum(bx.f, x0, n, channels * s, s, (float) mu, true);
                double inv = 1.0 / Math.sqrt(squares / ((double) n * s) + eps);
                CpuVecNorm.normalize(bx.f, x0, bo.f, out.offset() + c * s, n, channels * s, s, (float) mu,
                        (float) (get(gamma, c) * inv), (float) get(beta, c));
                set(mean, c, mu);
                set(invStd, c, inv);
            });
            return;
        }
        channels(pool, x, c -> {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, at = x.offset() + (i * channels + c) * s; k < s; k++) {
                    sum += bx.get(at + k);
                }
            }
            double mu = sum / ((double) n * s);
            double squares = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, at = x.offset() + (i * channels + c) * s; k < s; k++) {
                    double d = bx.get(at + k) - mu;
                    squares += d * d;
                }
            }
            double inv = 1.0 / Math.sqrt(squares / ((double) n * s) + eps);
            double scale = get(gamma, c) * inv;
            double shift = get(beta, c);
            for (int i = 0; i < n; i++) {
                int at = (i * channels + c) * s;
                for (int k = 0; k < s; k++) {
                    bo.set(out.offset() + at + k, (bx.get(x.offset() + at + k) - mu) * scale + shift);
                }
            }
            set(mean, c, mu);
            set(invStd, c, inv);
        });
    }

    static void backward(CpuThreads pool, Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd,
                         Strided dx, Strided dgamma, Strided dbeta) {
        CpuBuffer bg = (CpuBuffer) grad.buffer();
        CpuBuffer bx = (CpuBuffer) x.buffer();
        CpuBuffer bd = (CpuBuffer) dx.buffer();
        int n = x.shape()[0];
        int channels = x.shape()[1];
        int s = x.shape()[2];
        double m = (double) n * s;
        if (simd(bg, bx) && bd.f != null) {
            channels(pool, x, c -> {
                double mu = get(mean, c);
                double inv = get(invStd, c);
                int stride = channels * s;
                double sumGrad = CpuVecNorm.sum(bg.f, grad.offset() + c * s, n, stride, s, 0f, false);
                double sumGradXhat = inv * CpuVecNorm.dot(bg.f, grad.offset() + c * s, bx.f, x.offset() + c * s, n, stride,
                        s, (float) mu);
                double scale = get(gamma, c) * inv / m;
                CpuVecNorm.backward(bg.f, grad.offset() + c * s, bx.f, x.offset() + c * s, bd.f, dx.offset() + c * s, n,
                        stride, s, (float) mu, (float) (scale * m), (float) (scale * inv * sumGradXhat),
                        (float) (scale * sumGrad));
                set(dgamma, c, sumGradXhat);
                set(dbeta, c, sumGrad);
            });
            return;
        }
        channels(pool, x, c -> {
            double mu = get(mean, c);
            double inv = get(invStd, c);
            double sumGrad = 0;
            double sumGradXhat = 0;
            for (int i = 0; i < n; i++) {
                int at = (i * channels + c) * s;
                for (int k = 0; k < s; k++) {
                    double g = bg.get(grad.offset() + at + k);
                    sumGrad += g;
                    sumGradXhat += g * (bx.get(x.offset() + at + k) - mu) * inv;
                }
            }
            double scale = get(gamma, c) * inv / m;
            for (int i = 0; i < n; i++) {
                int at = (i * channels + c) * s;
                for (int k = 0; k < s; k++) {
                    double xhat = (bx.get(x.offset() + at + k) - mu) * inv;
                    bd.set(dx.offset() + at + k, scale * (m * bg.get(grad.offset() + at + k) - sumGrad - xhat * sumGradXhat));
                }
            }
            set(dgamma, c, sumGradXhat);
            set(dbeta, c, sumGrad);
        });
    }

    private static void channels(CpuThreads pool, Strided x, java.util.function.IntConsumer channel) {
        int channels = x.shape()[1];
        int parts = x.numel() >= CpuLayout.PARALLEL_MIN ? Math.min(pool.size(), channels) : 1;
        pool.run(parts, p -> {
            int end = CpuThreads.split(channels, parts, p + 1, 1);
            for (int c = CpuThreads.split(channels, parts, p, 1); c < end; c++) {
                channel.accept(c);
            }
        });
    }

    private static boolean simd(CpuBuffer a, CpuBuffer b) {
        return CpuSimd.ENABLED && a.f != null && b.f != null;
    }

    private static double get(Strided v, int c) {
        return ((CpuBuffer) v.buffer()).get(v.offset() + c);
    }

    private static void set(Strided v, int c, double value) {
        ((CpuBuffer) v.buffer()).set(v.offset() + c, value);
    }
}
