package dev.nabla.backend.reference;

import dev.nabla.backend.Strided;
import dev.nabla.backend.UnaryOp;

/** Row- and channel-wise fused kernels in plain loops: softmax, cross-entropy, batch norm, bias + activation. */
final class ReferenceRows {
    private ReferenceRows() {
    }

    // x, out (rows, cols) contiguous
    static void softmax(Strided x, Strided out, boolean log) {
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "softmax");
        ReferenceBuffer bo = ReferenceBackend.own(out.buffer(), "softmax");
        int rows = x.shape()[0];
        int cols = x.shape()[1];
        for (int r = 0; r < rows; r++) {
            int in = x.offset() + r * cols;
            int o = out.offset() + r * cols;
            double logSum = logSumExp(bx, in, cols);
            for (int c = 0; c < cols; c++) {
                double logP = bx.get(in + c) - logSum;
                bo.set(o + c, log ? logP : Math.exp(logP));
            }
        }
    }

    // logits (rows, cols), labels (rows) int -> losses (rows)
    static void crossEntropy(Strided logits, Strided labels, Strided losses) {
        ReferenceBuffer bx = ReferenceBackend.own(logits.buffer(), "cross_entropy");
        ReferenceBuffer bl = ReferenceBackend.own(labels.buffer(), "cross_entropy");
        ReferenceBuffer bo = ReferenceBackend.own(losses.buffer(), "cross_entropy");
        int rows = logits.shape()[0];
        int cols = logits.shape()[1];
        for (int r = 0; r < rows; r++) {
            int in = logits.offset() + r * cols;
            long label = bl.getLong(labels.offset() + r);
            if (label < 0 || label >= cols) {
                throw new IndexOutOfBoundsException("cross_entropy: label " + label + " of row " + r
                        + " is outside [0, " + cols + ")");
            }
            bo.set(losses.offset() + r, logSumExp(bx, in, cols) - bx.get(in + (int) label));
        }
    }

    /** {@code log(sum(exp(row)))} of {@code cols} values from {@code start}, shifted by the row's max so it never overflows. */
    private static double logSumExp(ReferenceBuffer b, int start, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, b.get(start + c));
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            sum += Math.exp(b.get(start + c) - max);
        }
        return max + Math.log(sum);
    }

    // x (N, C, S) contiguous; gamma, beta, mean, invStd (C)
    static void batchNormForward(Strided x, Strided gamma, Strided beta, double eps, Strided out, Strided mean,
                                 Strided invStd) {
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "batch_norm");
        ReferenceBuffer bgam = ReferenceBackend.own(gamma.buffer(), "batch_norm");
        ReferenceBuffer bbet = ReferenceBackend.own(beta.buffer(), "batch_norm");
        ReferenceBuffer bo = ReferenceBackend.own(out.buffer(), "batch_norm");
        ReferenceBuffer bm = ReferenceBackend.own(mean.buffer(), "batch_norm");
        ReferenceBuffer bs = ReferenceBackend.own(invStd.buffer(), "batch_norm");
        int n = x.shape()[0];
        int channels = x.shape()[1];
        int s = x.shape()[2];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    sum += bx.get(x.offset() + (i * channels + c) * s + k);
                }
            }
            double mu = sum / (n * s);
            double squares = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    double d = bx.get(x.offset() + (i * channels + c) * s + k) - mu;
                    squares += d * d;
                }
            }
            double inv = 1.0 / Math.sqrt(squares / (n * s) + eps);
            double scale = bgam.get(gamma.offset() + c) * inv;
            double shift = bbet.get(beta.offset() + c);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    int at = (i * channels + c) * s + k;
                    bo.set(out.offset() + at, (bx.get(x.offset() + at) - mu) * scale + shift);
                }
            }
            bm.set(mean.offset() + c, mu);
            bs.set(invStd.offset() + c, inv);
        }
    }

    static void batchNormBackward(Strided grad, Strided x, Strided gamma, Strided mean, Strided invStd,
                                  Strided dx, Strided dgamma, Strided dbeta) {
        ReferenceBuffer bg = ReferenceBackend.own(grad.buffer(), "batch_norm_backward");
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "batch_norm_backward");
        ReferenceBuffer bgam = ReferenceBackend.own(gamma.buffer(), "batch_norm_backward");
        ReferenceBuffer bm = ReferenceBackend.own(mean.buffer(), "batch_norm_backward");
        ReferenceBuffer bs = ReferenceBackend.own(invStd.buffer(), "batch_norm_backward");
        ReferenceBuffer bdx = ReferenceBackend.own(dx.buffer(), "batch_norm_backward");
        ReferenceBuffer bdg = ReferenceBackend.own(dgamma.buffer(), "batch_norm_backward");
        ReferenceBuffer bdb = ReferenceBackend.own(dbeta.buffer(), "batch_norm_backward");
        int n = x.shape()[0];
        int channels = x.shape()[1];
        int s = x.shape()[2];
        double m = (double) n * s;
        for (int c = 0; c < channels; c++) {
            double mu = bm.get(mean.offset() + c);
            double inv = bs.get(invStd.offset() + c);
            double sumGrad = 0;
            double sumGradXhat = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    int at = (i * channels + c) * s + k;
                    double g = bg.get(grad.offset() + at);
                    sumGrad += g;
                    sumGradXhat += g * (bx.get(x.offset() + at) - mu) * inv;
                }
            }
            double scale = bgam.get(gamma.offset() + c) * inv / m;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    int at = (i * channels + c) * s + k;
                    double xhat = (bx.get(x.offset() + at) - mu) * inv;
                    bdx.set(dx.offset() + at, scale * (m * bg.get(grad.offset() + at) - sumGrad - xhat * sumGradXhat));
                }
            }
            bdg.set(dgamma.offset() + c, sumGradXhat);
            bdb.set(dbeta.offset() + c, sumGrad);
        }
    }

    // x, out (N, C, S) contiguous; bias (C)
    static void biasActivation(Strided x, Strided bias, UnaryOp activation, double alpha, Strided out) {
        ReferenceBuffer bx = ReferenceBackend.own(x.buffer(), "bias_activation");
        ReferenceBuffer bb = ReferenceBackend.own(bias.buffer(), "bias_activation");
        ReferenceBuffer bo = ReferenceBackend.own(out.buffer(), "bias_activation");
        int channels = x.shape()[1];
        int s = x.shape()[2];
        long total = x.numel();
        for (int at = 0; at < total; at++) {
            double pre = bx.get(x.offset() + at) + bb.get(bias.offset() + (at / s) % channels);
            bo.set(out.offset() + at, activation == null ? pre : ScalarMath.unary(activation, pre, alpha));
        }
    }
}
